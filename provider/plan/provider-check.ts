/**
 * Whether the provider's own check would pass a resource's inputs as the program wrote them: the
 * schema, the semantic checks, the acknowledgements and the rules that need no live instance (see
 * `check` in runtime.ts). A preview sends only such resources to the engine before the program has
 * been judged: the engine ends a preview at the first check that fails, which could cut the
 * judgement off before it reports every finding.
 */
import * as pulumi from "@pulumi/pulumi";
import { type AnyDefinition, checkInputs } from "../engine/framework";
import { needsCapabilities, staticFailures } from "../engine/static-check";
import type { Acknowledgement, RuleLimits } from "../rules/types";

/** No output or promise anywhere in the value: everything is known now. */
function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  if (value !== null && typeof value === "object") return Object.values(value).every(isPlain);
  return true;
}

export function passesProviderCheck(
  definition: AnyDefinition,
  props: Record<string, unknown>,
  limits: RuleLimits,
): boolean {
  if (!isPlain(props)) return false;
  const outcome = checkInputs(definition, props);
  if (!outcome.complete || outcome.failures.length > 0) return false;
  const subject = definition.toSubject?.(outcome.validated);
  if (!subject) return true;
  // A rule that needs the server's version and licence (DSEC-009): only the judgement reads them.
  if (needsCapabilities(subject)) return false;
  const acknowledge = (outcome.validated.acknowledge ?? []) as Acknowledgement[];
  return staticFailures(subject, acknowledge, { limits }).length === 0;
}
