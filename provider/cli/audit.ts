/**
 * `audit`: the provider's own rules run against a live instance as it is. Each object of the model
 * becomes the subject the matching resource would give the rules, so audit and preview agree.
 */
import { factsOf, type InstanceModel, publicPolicyIds } from "../model/instance";
import { subjectOf } from "../model/subjects";
import { evaluateRules } from "../rules/registry";
import type { RuleLimits, Subject } from "../rules/types";
import type { AuditFinding, AuditObject } from "./audit-report";

/** One object of the instance as the rules see it. */
export interface AuditSubject {
  readonly object: AuditObject;
  readonly subject: Subject;
}

function policySubjects(model: InstanceModel): AuditSubject[] {
  const publicIds = publicPolicyIds(model);
  return model.policies.flatMap((policy): AuditSubject[] => {
    const permissions = policy.permissions.map(({ id: _id, ...permission }) => permission);
    const own: AuditSubject = {
      object: { kind: "Policy", id: policy.id, name: policy.name },
      subject: subjectOf("Policy", {
        name: policy.name,
        adminAccess: policy.adminAccess,
        appAccess: policy.appAccess,
        enforceTfa: policy.enforceTfa,
        ipAccess: policy.ipAccess,
        adoptId: policy.id,
        ...(publicIds.has(policy.id) ? {} : { permissions }),
      }),
    };
    if (!publicIds.has(policy.id)) return [own];
    const publicAccess: AuditSubject = {
      object: { kind: "PublicAccess", id: policy.id, name: `public access (${policy.name})` },
      subject: subjectOf("PublicAccess", { policy: policy.id, permissions }),
    };
    return [own, publicAccess];
  });
}

/** Every object of the model that a rule can judge, each as the resource `import` writes for it. */
export function auditSubjects(model: InstanceModel, production: boolean | undefined): AuditSubject[] {
  const roleName = new Map(model.roles.map((r) => [r.id, r.name]));
  const policyName = new Map(model.policies.map((p) => [p.id, p.name]));
  const userName = new Map(model.users.map((u) => [u.id, u.email || u.id]));
  return [
    ...model.roles.map(
      (role): AuditSubject => ({
        object: { kind: "Role", id: role.id, name: role.name },
        subject: subjectOf("Role", { name: role.name, parent: role.parent, adoptId: role.id }),
      }),
    ),
    ...policySubjects(model),
    ...model.links.map(
      (link): AuditSubject => ({
        object: {
          kind: "PolicyAttachment",
          id: link.id,
          name: `${policyName.get(link.policy) ?? link.policy} → ${link.role ? (roleName.get(link.role) ?? link.role) : (userName.get(link.user ?? "") ?? link.user)}`,
        },
        subject: subjectOf("PolicyAttachment", { policy: link.policy, role: link.role, user: link.user }),
      }),
    ),
    ...model.users
      .filter((user) => user.serviceAccount)
      .map(
        (user): AuditSubject => ({
          object: { kind: "ServiceAccount", id: user.id, name: user.email || user.id },
          subject: subjectOf("ServiceAccount", { email: user.email, role: user.role }),
        }),
      ),
    {
      object: { kind: "SecuritySettings", id: "settings", name: "security settings" },
      subject: subjectOf("SecuritySettings", {
        projectName: model.settings.projectName,
        passwordPolicy: model.settings.passwordPolicy,
        loginAttempts: model.settings.loginAttempts,
        publicRegistration: model.settings.publicRegistration,
        ...(production === undefined ? {} : { production }),
      }),
    },
  ];
}

/** The findings of every rule on every object of the instance. */
export function auditFindings(
  model: InstanceModel,
  limits: RuleLimits,
  production: boolean | undefined = undefined,
): AuditFinding[] {
  const facts = factsOf(model);
  return auditSubjects(model, production).flatMap(({ object, subject }) =>
    evaluateRules(subject, { limits, facts, subjectId: object.id }).map(
      (finding): AuditFinding => ({
        ruleId: finding.rule.id,
        ruleName: finding.rule.name,
        severity: finding.rule.severity,
        message: finding.message,
        rationale: finding.rule.rationale,
        remediation: finding.rule.remediation,
        object,
        property: finding.property,
        target: finding.target,
      }),
    ),
  );
}
