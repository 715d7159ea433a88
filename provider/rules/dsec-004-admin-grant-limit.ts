import { adminPolicyIds, policyById, usersHolding } from "./helpers";
import type { InstanceFacts, RuleHit, SecurityRule, Subject } from "./types";

/** A policy that gains admin access now (not one that has it already, nor an adopted admin policy). */
function newAdminPolicy(subject: Subject, facts: InstanceFacts): boolean {
  if (subject.kind !== "Policy" || !subject.inputs.adminAccess || subject.previous?.adminAccess === true) return false;
  const adopted = subject.inputs.adoptId ? policyById(facts, subject.inputs.adoptId) : undefined;
  return !adopted?.adminAccess;
}

function policyCountHit(facts: InstanceFacts, limit: number): RuleHit[] {
  const planned = adminPolicyIds(facts).size + 1;
  if (planned <= limit) return [];
  return [
    {
      property: "adminAccess",
      message: `this would make ${planned} policies with admin access on the instance (limit ${limit}; existing: ${facts.policies
        .filter((p) => p.adminAccess)
        .map((p) => `'${p.name}'`)
        .join(", ")})`,
    },
  ];
}

function userCountHit(
  facts: InstanceFacts,
  link: { role?: string | undefined; user?: string | undefined },
  property: string,
  limit: number,
): RuleHit[] {
  const admins = adminPolicyIds(facts);
  const before = usersHolding(facts, admins);
  const after = usersHolding(facts, admins, [link]);
  if (after.size <= limit || after.size <= before.size) return [];
  return [
    {
      property,
      message: `this would give ${after.size} active users admin access (limit ${limit}; ${before.size} today)`,
    },
  ];
}

export const adminGrantLimit: SecurityRule = {
  id: "DSEC-004",
  name: "admin-grant-limit",
  severity: "error",
  rationale:
    "Admin access is full CRUD on everything plus settings, roles and the data model; every extra holder is another account whose compromise is total.",
  remediation:
    "Give people scoped policies instead of admin access. If more admins are truly needed, raise directus:maxAdminPolicies / directus:maxAdminUsers in the stack config.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["Policy", "PolicyAttachment", "ServiceAccount"],
  evaluate(subject, context) {
    const facts = context.facts;
    if (!facts) return [];
    if (newAdminPolicy(subject, facts)) return policyCountHit(facts, context.limits.adminPolicies);
    if (subject.kind === "PolicyAttachment" && policyById(facts, subject.inputs.policy)?.adminAccess) {
      return userCountHit(facts, subject.inputs, subject.inputs.role ? "role" : "user", context.limits.adminUsers);
    }
    if (subject.kind === "ServiceAccount" && subject.inputs.role) {
      // A new user in a role that holds admin access.
      const reaching = usersHolding(
        { ...facts, users: [...facts.users, { id: "(new)", role: subject.inputs.role, status: "active" }] },
        adminPolicyIds(facts),
      );
      if (reaching.has("(new)") && reaching.size > context.limits.adminUsers) {
        return [
          {
            property: "role",
            message: `this service account would be admin user number ${reaching.size} (limit ${context.limits.adminUsers})`,
          },
        ];
      }
    }
    return [];
  },
  examples: {
    good: [
      {
        title: "the first admin policy",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true },
        },
        facts: { policies: [] },
      },
      {
        title: "updating the existing admin policy",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true },
          previous: { adminAccess: true },
        },
        facts: { policies: [{ id: "a", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }] },
      },
    ],
    bad: [
      {
        title: "a second admin policy",
        subject: {
          kind: "Policy",
          inputs: { name: "Backup admins", adminAccess: true, appAccess: true, enforceTfa: true },
        },
        facts: { policies: [{ id: "a", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }] },
      },
      {
        title: "attaching admin to a role with two users when one admin exists",
        subject: { kind: "PolicyAttachment", inputs: { policy: "a", role: "editors" } },
        facts: {
          policies: [{ id: "a", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }],
          access: [{ id: "x", role: "admins", user: null, policy: "a" }],
          roles: [
            { id: "admins", parent: null },
            { id: "editors", parent: null },
          ],
          users: [
            { id: "u1", role: "admins", status: "active" },
            { id: "u2", role: "editors", status: "active" },
            { id: "u3", role: "editors", status: "active" },
          ],
        },
      },
    ],
  },
};
