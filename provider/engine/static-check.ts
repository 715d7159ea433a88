/**
 * The one static check: what the provider's check judges on a single resource without the live
 * instance - the acknowledgements and the rules that need no instance (and, when the server's version
 * and licence are given, the rules that need only those). The provider's check, the program's
 * preview shortcut (plan/provider-check.ts) and the policy pack all use it.
 */

import type { CheckFailure } from "../model/failures";
import { definedFields, withoutEngineKeys } from "../model/fields";
import { DEFAULT_LIMITS } from "../rules/limits";
import { evaluateRules, formatFinding, invalidAcknowledgements, SECURITY_RULES } from "../rules/registry";
import type { Acknowledgement, Finding, InstanceFacts, RuleLimits, Subject } from "../rules/types";
import { schemaOf } from "./framework";
import { definitionOf } from "./registry";

/** Whether a rule needs the server's version and licence to judge this subject (see SecurityRule.needsCapabilities). */
export function needsCapabilities(subject: Subject): boolean {
  return SECURITY_RULES.some((rule) => rule.needsCapabilities?.(subject) ?? false);
}

export interface StaticContext {
  readonly limits: RuleLimits;
  /** Targets kept as the object was found (rules that judge writes skip them). */
  readonly keptAsFound?: ReadonlySet<string> | undefined;
  /** The server's version and licence, for rules that need only those. */
  readonly capabilities?: InstanceFacts | undefined;
}

/** Acknowledgements that name no rule, or a rule that cannot be acknowledged, as check failures. */
export function acknowledgementFailures(acknowledge: readonly Acknowledgement[]): CheckFailure[] {
  return invalidAcknowledgements(acknowledge).map(({ index, reason }) => ({
    property: `acknowledge[${index}].rule`,
    reason,
  }));
}

/** Invalid acknowledgements and unacknowledged rule errors of one resource, as check failures. */
export function staticFailures(
  subject: Subject,
  acknowledge: readonly Acknowledgement[],
  context: StaticContext,
): CheckFailure[] {
  const invalid = acknowledgementFailures(acknowledge);
  const { limits, keptAsFound, capabilities } = context;
  const findings = evaluateRules(subject, { limits, facts: capabilities, keptAsFound }, acknowledge).filter(
    (f) => f.effect === "error" && (!f.rule.needsFacts || f.rule.needsCapabilities !== undefined),
  );
  return [...invalid, ...findings.map((f) => ({ property: f.property, reason: formatFinding(f) }))];
}

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
  const inputs = withoutEngineKeys(definedFields(props));
  // Shape only: which values a program may write is the provider's check (it sees the object as found).
  const parsed = schemaOf(definition, "stored").safeParse(inputs);
  if (!parsed.success) return [];
  const subject = definition.toSubject(parsed.data);
  return evaluateRules(subject, { limits }, parsed.data.acknowledge ?? [])
    .filter((finding) => !finding.rule.needsFacts && (onlyRule === undefined || finding.rule.id === onlyRule))
    .map((finding) => ({ ...finding, text: formatFinding(finding) }));
}
