import { lockoutProblems } from "./operator";
import type { InstanceFacts, RuleContext, SecurityRule, Subject } from "./types";

/** The property through which the subject touches the operator's admin access, if it does. */
function touchedProperty(subject: Subject, context: RuleContext): string | undefined {
  const operator = context.facts?.operator;
  if (!operator) return undefined;
  const adminPolicies = new Set(operator.adminThrough.map((a) => a.policy));
  switch (subject.kind) {
    case "Policy": {
      const id = subject.inputs.adoptId ?? context.subjectId;
      if (!id || !adminPolicies.has(id)) return undefined;
      return subject.inputs.adminAccess ? "ipAccess" : "adminAccess";
    }
    case "Role": {
      const id = subject.inputs.adoptId ?? context.subjectId;
      return id && operator.roles.includes(id) ? "parent" : undefined;
    }
    case "ServiceAccount":
      return context.subjectId === operator.userId ? "role" : undefined;
    case "PolicyAttachment": {
      const { policy, role, user } = subject.inputs;
      const touches =
        adminPolicies.has(policy) || user === operator.userId || (role !== undefined && operator.roles.includes(role));
      return touches ? "policy" : undefined;
    }
    default:
      return undefined;
  }
}

/** The examples' instance: the token's user "me" is admin through its role's only admin policy. */
const tokenIsAdminThroughItsRole: Partial<InstanceFacts> = {
  policies: [{ id: "admin", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: false }],
  access: [{ id: "l", policy: "admin", role: "admins", user: null }],
  roles: [{ id: "admins", parent: null }],
  users: [{ id: "me", role: "admins", status: "active" }],
  operator: { userId: "me", roles: ["admins"], adminThrough: [{ policy: "admin", ipAccess: null }], adminUsers: 1 },
};

export const operatorLockout: SecurityRule = {
  id: "DSEC-010",
  name: "operator-lockout",
  severity: "error",
  rationale:
    "A change that cuts off the token Pulumi uses, or removes the last admin, cannot be undone from Pulumi: the next preview cannot read the instance and recovery means editing the database by hand.",
  remediation:
    "Keep the token's admin path as it is: leave adminAccess on, add ipAccess only to a policy the token does not rely on (or give the token a second admin policy without ipAccess first), and keep at least one active admin user. If you have verified the token's address is allowed, acknowledge DSEC-010 with the reason.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["Policy", "Role", "ServiceAccount", "PolicyAttachment"],
  evaluate(subject, context) {
    if (!context.facts) return [];
    const property = touchedProperty(subject, context);
    if (!property) return [];
    return lockoutProblems(context.facts).map((message) => ({ property, message }));
  },
  evaluateProgram: (facts) => lockoutProblems(facts).map((message) => ({ property: "(program)", message })),
  examples: {
    good: [
      {
        title: "the token's admin policy keeps admin access and gains 2FA",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true, adoptId: "admin" },
        },
        facts: tokenIsAdminThroughItsRole,
      },
    ],
    bad: [
      {
        title: "admin access removed from the token's only admin policy",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: false, appAccess: true, enforceTfa: false, adoptId: "admin" },
        },
        facts: tokenIsAdminThroughItsRole,
      },
      {
        title: "an IP restriction on the only admin policy the token has",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Administrator",
            adminAccess: true,
            appAccess: true,
            enforceTfa: false,
            ipAccess: ["10.0.0.0/8"],
            adoptId: "admin",
          },
        },
        facts: tokenIsAdminThroughItsRole,
      },
    ],
  },
};
