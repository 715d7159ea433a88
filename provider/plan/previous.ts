/**
 * The resources of this package in the stack's previous deployment, read from the backend through
 * the engine (`pulumi:pulumi:readStackResourceOutputs` on the stack itself): the plan needs to know
 * which declared resources exist already (and their Directus ids, kept in the `directusId` output) and
 * which ones the program no longer declares (they will be deleted).
 */

import * as pulumi from "@pulumi/pulumi";
import { kindOfTypeToken } from "../model/kinds";

export interface PreviousResource {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  /** The Directus id, when the previous deployment recorded it. */
  readonly id: string;
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface PreviousState {
  readonly byKey: ReadonlyMap<string, PreviousResource>;
}

interface StackResourceOutputs {
  outputs?: Record<string, { type?: string; outputs?: Record<string, unknown> }>;
}

/** `urn:pulumi:<stack>::<project>::<parent types$>type::<name>` -> [type, name]. */
function typeAndName(urn: string): [string, string] | undefined {
  const parts = urn.split("::");
  const type = parts[2]?.split("$").at(-1);
  const name = parts.slice(3).join("::");
  return type && name ? [type, name] : undefined;
}

function idFrom(kind: string, outputs: Record<string, unknown>): string | undefined {
  if (typeof outputs.directusId === "string") return outputs.directusId;
  if (kind === "PublicAccess" && typeof outputs.policy === "string") return `public:${outputs.policy}`;
  if (kind === "SecuritySettings") return "settings";
  if (typeof outputs.adoptId === "string") return outputs.adoptId;
  return undefined;
}

export async function previousResources(): Promise<PreviousState> {
  const byKey = new Map<string, PreviousResource>();
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  let result: StackResourceOutputs;
  try {
    result = (await pulumi.runtime.invoke("pulumi:pulumi:readStackResourceOutputs", {
      stackName,
    })) as StackResourceOutputs;
  } catch {
    // A stack that was never deployed has no previous state.
    return { byKey };
  }
  for (const [urn, entry] of Object.entries(result.outputs ?? {})) {
    const kind = kindOfTypeToken(entry.type ?? "");
    if (!kind) continue;
    const parsed = typeAndName(urn);
    if (!parsed) continue;
    const outputs = entry.outputs ?? {};
    const id = idFrom(kind, outputs);
    if (!id) continue;
    const key = `${kind}:${parsed[1]}`;
    byKey.set(key, { key, kind, name: parsed[1], id, outputs });
  }
  return { byKey };
}
