import * as pulumi from "@pulumi/pulumi";
import { DirectusClient } from "../client/directus-client";
import { type AnyDefinition, definedOnly } from "../resources/framework";
import { collectFacts } from "./facts";
import { limitsFrom } from "./limits";
import { evaluateRules, formatFinding, kindNeedsFacts } from "./registry";
import type { InstanceFacts } from "./types";

const factsByUrl = new Map<string, Promise<InstanceFacts | undefined>>();

/** Live facts for warnings shown by the program; undefined when the instance cannot be read. */
function programFacts(url: string, token: string): Promise<InstanceFacts | undefined> {
  let facts = factsByUrl.get(url);
  if (!facts) {
    facts = collectFacts(new DirectusClient({ url: url.replace(/\/+$/, ""), token })).catch(() => undefined);
    factsByUrl.set(url, facts);
  }
  return facts;
}

/**
 * Shows a resource's security warnings, and the errors it acknowledged with their reasons, in the
 * preview (errors that are not acknowledged stop the preview in the provider's check). Runs in the
 * program, once the resource's inputs are known.
 */
export function reportFindings(resource: pulumi.Resource, definition: AnyDefinition, args: object): void {
  if (!definition.toSubject) return;
  const toSubject = definition.toSubject;
  const directus = new pulumi.Config("directus");
  const connection = (args as { connection?: { url: pulumi.Input<string>; token: pulumi.Input<string> } }).connection;
  const url = connection?.url ?? directus.get("url") ?? process.env.DIRECTUS_URL ?? "";
  const token = connection?.token ?? directus.getSecret("token") ?? pulumi.secret(process.env.DIRECTUS_TOKEN ?? "");
  const { connection: _connection, ...rest } = args as Record<string, unknown>;
  const resolved = pulumi.all([pulumi.output(rest), url, token]);
  const release = keepProgramAliveUntilSettled(resolved);
  resolved.apply(async ([values, resolvedUrl, resolvedToken]) => {
    try {
      const parsed = definition.schema().safeParse(definedOnly(values as Record<string, unknown>));
      if (!parsed.success) return;
      const subject = toSubject(parsed.data, undefined);
      const facts =
        kindNeedsFacts(subject.kind) && resolvedUrl && resolvedToken
          ? await programFacts(resolvedUrl, resolvedToken)
          : undefined;
      const context = {
        limits: limitsFrom((key) => directus.get(key.replace(/^directus:/, ""))),
        facts,
        stack: pulumi.getStack(),
      };
      for (const finding of evaluateRules(subject, context, parsed.data.acknowledge ?? [])) {
        if (finding.effect === "warning") await pulumi.log.warn(formatFinding(finding), resource);
      }
    } finally {
      release();
    }
  });
}

/**
 * The program would otherwise end before an asynchronous apply prints its warnings. The keep-alive
 * is released when the apply finishes, or at once when the values stay unknown (preview of new
 * dependencies), where the apply never runs. `isKnown` is not in the SDK's typings; without it, no
 * keep-alive is taken.
 */
function keepProgramAliveUntilSettled(output: pulumi.Output<unknown>): () => void {
  const isKnown = (output as unknown as { isKnown?: Promise<boolean> }).isKnown;
  if (!(isKnown instanceof Promise)) return () => {};
  const done = pulumi.runtime.rpcKeepAlive();
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      done();
    }
  };
  isKnown.then((known) => {
    if (!known) release();
  }, release);
  return release;
}
