/** The program side's view of the instance: its client from the stack's settings, the live facts, the limits. */

import * as pulumi from "@pulumi/pulumi";
import { type ConnectionOverride, resolveConnection } from "../client/connection";
import { DirectusClient } from "../client/directus-client";
import { UNKNOWN } from "../engine/framework";
import { collectFacts } from "../engine/instance-reader";
import { limitsFrom } from "../rules/limits";
import { SECURITY_RULES } from "../rules/registry";
import type { InstanceFacts } from "../rules/types";
import type { Declaration } from "./declarations";
import { resolveInput } from "./outputs";
import type { PlannedResource } from "./planned-facts";

export function stackLimits() {
  return limitsFrom((key) => new pulumi.Config("directus").get(key.replace(/^directus:/, "")));
}

export function connectionOf(declaration: Declaration): Promise<ConnectionOverride | undefined> {
  if (declaration.connection === undefined) return Promise.resolve(undefined);
  return resolveInput(declaration.connection, () => undefined).then((r) => r.value as ConnectionOverride);
}

/** The stack's own client for the instance (its reads are marked with the stack, like its writes). */
export async function liveClient(connection: ConnectionOverride | undefined): Promise<DirectusClient> {
  return new DirectusClient(resolveConnection(connection, await stackSettings()), stackKey());
}

/** The stack's `directus:*` connection settings as the program sees them (the token from secret config). */
async function stackSettings(): Promise<ConnectionOverride> {
  const directus = new pulumi.Config("directus");
  const token = (await resolveInput(directus.getSecret("token"), () => undefined)).value;
  return {
    url: directus.get("url"),
    token: typeof token === "string" ? token : undefined,
    requestTimeout: directus.get("requestTimeout"),
    operationTimeout: directus.get("operationTimeout"),
  };
}

export function stackKey(): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** The live facts plus which stacks wrote the shared objects the program takes over (DSEC-012). */
export async function liveFacts(
  client: DirectusClient,
  planned: readonly PlannedResource[],
  read: Promise<InstanceFacts> = collectFacts(client),
): Promise<InstanceFacts> {
  const facts = await read;
  const watched: { collection: string; item: string; key: string }[] = [];
  for (const { subject } of planned) {
    for (const { key } of SECURITY_RULES.flatMap((rule) => rule.watches?.(subject) ?? [])) {
      if (subject.kind !== "PublicAccess") {
        const [collection = "", item = ""] = key.split(":");
        watched.push({ collection, item, key });
        continue;
      }
      // Public access lives in the policy's permission rows: whoever wrote those manages it.
      if (subject.inputs.policy === UNKNOWN) continue;
      for (const row of await client.listPermissions(subject.inputs.policy)) {
        watched.push({ collection: "directus_permissions", item: String(row.id), key });
      }
    }
  }
  const byObject = await client.stackWriters(watched);
  const writers: Record<string, string[]> = {};
  for (const { collection, item, key } of watched) {
    const stacks = byObject.get(`${collection}:${item}`);
    if (stacks) writers[key] = [...new Set([...(writers[key] ?? []), ...stacks])].sort();
  }
  return { ...facts, writers };
}
