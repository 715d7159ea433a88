import { DEFAULT_LIMITS } from "../rules/limits";
import { evaluateRules, formatFinding } from "../rules/registry";
import type { Finding, RuleLimits } from "../rules/types";
import { definedOnly, schemaOf } from "./framework";
import { definitionOf } from "./registry";

/**
 * Findings of the rules that need no live instance, for a resource's planned inputs as Pulumi
 * reports them (e.g. to a policy pack). Inputs that do not validate yield no findings: the
 * provider's own check reports those.
 */
export function staticFindingsFor(
  kind: string,
  props: Record<string, unknown>,
  onlyRule?: string,
  limits: RuleLimits = DEFAULT_LIMITS,
): (Finding & { text: string })[] {
  const definition = definitionOf(kind);
  if (!definition?.toSubject) return [];
  const inputs = Object.fromEntries(Object.entries(definedOnly(props)).filter(([key]) => !key.startsWith("__")));
  // Shape only: which values a program may write is the provider's check (it sees the object as found).
  const parsed = schemaOf(definition, "stored").safeParse(inputs);
  if (!parsed.success) return [];
  const subject = definition.toSubject(parsed.data);
  return evaluateRules(subject, { limits }, parsed.data.acknowledge ?? [])
    .filter((finding) => !finding.rule.needsFacts && (onlyRule === undefined || finding.rule.id === onlyRule))
    .map((finding) => ({ ...finding, text: formatFinding(finding) }));
}
