import { compareText } from "../model/order";
import { targetAt } from "../model/targets";
import { publicWrite } from "./dsec-001-public-write";
import { publicAdminOrAppAccess } from "./dsec-002-public-admin-app-access";
import { publicSystemCollections } from "./dsec-003-public-system-collections";
import { adminGrantLimit } from "./dsec-004-admin-grant-limit";
import { adminWithoutTfa } from "./dsec-005-admin-without-tfa";
import { privilegeEscalation } from "./dsec-006-privilege-escalation";
import { passwordPolicy } from "./dsec-007-password-policy";
import { loginAttempts } from "./dsec-008-login-attempts";
import { coreTierCustomRules } from "./dsec-009-core-tier-custom-rules";
import { operatorLockout } from "./dsec-010-operator-lockout";
import { passwordLockout } from "./dsec-011-password-lockout";
import { foreignStack } from "./dsec-012-foreign-stack";
import { publicRegistrationAdmin } from "./dsec-013-public-registration-admin";
import { publicReadUnfiltered } from "./dsec-101-public-read-unfiltered";
import { appAccessWithoutTfa } from "./dsec-102-app-access-without-tfa";
import { tfaOnUserLink } from "./dsec-103-tfa-on-user-link";
import { serviceAccountAppAccess } from "./dsec-104-service-account-app-access";
import { projectNameEnvironment } from "./dsec-105-project-name-environment";
import { unknownCollection } from "./dsec-106-unknown-collection";
import { publicRegistrationUnverified } from "./dsec-107-public-registration-unverified";
import type { Acknowledgement, Finding, RuleContext, SecurityRule, Subject } from "./types";

/** Every rule, in id order. Ids are stable and never reused. */
export const SECURITY_RULES: readonly SecurityRule[] = [
  publicWrite,
  publicAdminOrAppAccess,
  publicSystemCollections,
  adminGrantLimit,
  adminWithoutTfa,
  privilegeEscalation,
  passwordPolicy,
  loginAttempts,
  coreTierCustomRules,
  operatorLockout,
  passwordLockout,
  foreignStack,
  publicRegistrationAdmin,
  publicReadUnfiltered,
  appAccessWithoutTfa,
  tfaOnUserLink,
  serviceAccountAppAccess,
  projectNameEnvironment,
  unknownCollection,
  publicRegistrationUnverified,
];

export function ruleById(id: string): SecurityRule | undefined {
  return SECURITY_RULES.find((rule) => rule.id === id || rule.name === id);
}

/** What a finding is about (see model/targets.ts): `<collection>:<action>` of a permission, else the input key. */
export function findingTarget(subject: Subject, property: string): string {
  return targetAt(subject.kind, subject.inputs, property);
}

/** The acknowledgement that covers a finding of `rule` at `target`, if any. */
export function coveringAcknowledgement(
  acknowledgements: readonly Acknowledgement[],
  rule: SecurityRule,
  target: string,
): Acknowledgement | undefined {
  return acknowledgements.find(
    (a) => ruleById(a.rule) === rule && (a.covers === undefined || a.covers.includes(target)),
  );
}

/** Runs every rule that applies to the subject; acknowledged exemptible errors become warnings. */
export function evaluateRules(
  subject: Subject,
  context: RuleContext,
  acknowledgements: readonly Acknowledgement[] = [],
): Finding[] {
  return SECURITY_RULES.filter((rule) => rule.appliesTo.includes(subject.kind)).flatMap((rule) =>
    rule.evaluate(subject, context).flatMap((hit): Finding[] => {
      const target = findingTarget(subject, hit.property);
      if (rule.judges === "writes" && context.keptAsFound?.has(target)) return [];
      const ack = coveringAcknowledgement(acknowledgements, rule, target);
      if (rule.severity === "error" && ack && rule.exemptible) {
        return [{ ...hit, rule, target, effect: "warning", acknowledged: ack.reason }];
      }
      return [{ ...hit, rule, target, effect: rule.severity }];
    }),
  );
}

/**
 * Notes on the acknowledgements themselves: the deprecated form without `covers` (it would also cover
 * findings added later), with the targets to pin it to.
 */
export function acknowledgementNotes(
  acknowledgements: readonly Acknowledgement[],
  findings: readonly Finding[],
): { index: number; text: string }[] {
  return acknowledgements.flatMap((ack, index) => {
    if (ack.covers !== undefined) return [];
    const rule = ruleById(ack.rule);
    const targets = [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.target))].sort(compareText);
    const pin = targets.length > 0 ? `covers: ${JSON.stringify(targets)}` : "covers: [<what it is for>]";
    return [
      {
        index,
        text: `this acknowledgement has no covers, so it also covers every ${ack.rule} finding added to this resource later (deprecated). Fix: pin it with ${pin}.`,
      },
    ];
  });
}

/** How a finding's text names its rule: `[DSEC-001 public-write] `. */
function ruleTag(rule: SecurityRule): string {
  return `[${rule.id} ${rule.name}]`;
}

const RULE_TAG = /\[(DSEC-\d{3}) ([a-z0-9-]+)\] /;

/**
 * Where findings cross a boundary that carries only text (Pulumi's diagnostics in `preview --json`),
 * `review` finds the rule again by the tag {@link formatFinding} wrote: the rule, and where its tag is.
 */
export function taggedRule(text: string): { rule: SecurityRule; index: number; length: number } | undefined {
  const match = RULE_TAG.exec(text);
  const rule = match?.[1] ? ruleById(match[1]) : undefined;
  if (!match || !rule || rule.name !== match[2]) return undefined;
  return { rule, index: match.index, length: match[0].length };
}

/** One line naming the rule, what was found, and the fix (for an exemptible rule, how to acknowledge it). */
export function formatFinding(finding: Finding): string {
  const { rule } = finding;
  if (finding.acknowledged !== undefined) {
    return `${ruleTag(rule)} acknowledged: ${finding.message} - reason: ${finding.acknowledged}`;
  }
  const exemption =
    rule.exemptible && rule.severity === "error"
      ? ` If it is intended: acknowledge: [{ rule: "${rule.id}", covers: ["${finding.target}"], reason: "<why>" }].`
      : "";
  return `${ruleTag(rule)} ${finding.message}. ${rule.rationale} Fix: ${rule.remediation}${exemption}`;
}

/** Acknowledgements that name no rule, or a rule that cannot be acknowledged. */
export function invalidAcknowledgements(
  acknowledgements: readonly Acknowledgement[],
): { index: number; reason: string }[] {
  return acknowledgements.flatMap((ack, index) => {
    const rule = ruleById(ack.rule);
    if (!rule)
      return [{ index, reason: `unknown rule '${ack.rule}'; rule ids are listed in the README (DSEC-001 ...)` }];
    if (!rule.exemptible)
      return [{ index, reason: `${rule.id} ${rule.name} cannot be acknowledged: fix the cause instead` }];
    return [];
  });
}
