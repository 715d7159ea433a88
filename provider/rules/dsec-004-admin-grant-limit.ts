import { usersReachingAdmin } from "../model/access";
import { adminPolicyIds, policiesOfRole, policyById, usersHolding } from "./helpers";
import type { InstanceFacts, RuleHit, SecurityRule, Subject } from "./types";

/**
 * Active users that hold admin access, plus those that can reach it through an escalation path (when
 * the facts carry permission rows): each of them is an account whose compromise is total.
 */
function adminUsersIn(facts: InstanceFacts): { all: Set<string>; escalating: { id: string; path: string }[] } {
  const all = usersHolding(facts, adminPolicyIds(facts));
  const escalating: { id: string; path: string }[] = [];
  for (const [id, reach] of usersReachingAdmin(facts)) {
    if (all.has(id) || reach.holds) continue;
    all.add(id);
    escalating.push({ id, path: reach.path });
  }
  return { all, escalating };
}

function listUsers(ids: Set<string>): string {
  const shown = [...ids].sort().slice(0, 5);
  return `${shown.join(", ")}${ids.size > shown.length ? `, and ${ids.size - shown.length} more` : ""}`;
}

function policyCountHit(facts: InstanceFacts, limit: number): RuleHit[] {
  const admins = facts.policies.filter((p) => p.adminAccess);
  if (admins.length <= limit) return [];
  return [
    {
      property: "adminAccess",
      message: `the planned end state has ${admins.length} policies with admin access (limit ${limit}): ${admins
        .map((p) => `'${p.name}'`)
        .join(", ")}`,
    },
  ];
}

function userCountHit(facts: InstanceFacts, property: string, limit: number): RuleHit[] {
  const { all, escalating } = adminUsersIn(facts);
  if (all.size <= limit) return [];
  const first = escalating[0];
  const through = first ? `; ${escalating.length} of them only through an escalation path, e.g. ${first.path}` : "";
  return [
    {
      property,
      message: `the planned end state gives ${all.size} active users admin access (limit ${limit}): users ${listUsers(all)}${through}`,
    },
  ];
}

/** Whether the subject is one of the things that grant admin access in the planned end state. */
function grantsAdmin(subject: Subject, facts: InstanceFacts): boolean {
  switch (subject.kind) {
    case "Policy":
      return subject.inputs.adminAccess === true;
    case "PolicyAttachment":
      return policyById(facts, subject.inputs.policy)?.adminAccess === true;
    case "ServiceAccount":
      return (
        subject.inputs.role !== null &&
        [...policiesOfRole(facts, subject.inputs.role)].some((id) => policyById(facts, id)?.adminAccess)
      );
    default:
      return false;
  }
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
  grantsAccess: true,
  appliesTo: ["Policy", "PolicyAttachment", "ServiceAccount"],
  // `facts` is the planned end state (the live instance with the program applied), so every grant
  // of the program counts, removals count too, and an excess that exists already is reported on the
  // resources that keep granting admin.
  evaluate(subject, context) {
    const facts = context.facts;
    if (!facts || !grantsAdmin(subject, facts)) return [];
    const property = subject.kind === "Policy" ? "adminAccess" : subject.kind === "ServiceAccount" ? "role" : "policy";
    return [
      ...(subject.kind === "Policy" ? policyCountHit(facts, context.limits.adminPolicies) : []),
      ...userCountHit(facts, property, context.limits.adminUsers),
    ];
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
        title: "adopting the existing admin policy",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true, adoptId: "a" },
        },
        facts: { policies: [{ id: "a", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }] },
      },
    ],
    bad: [
      {
        title: "adopting the admin policy on an instance that already has too many admins",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true, adoptId: "a" },
        },
        facts: {
          policies: [{ id: "a", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }],
          access: [{ id: "x", role: "admins", user: null, policy: "a" }],
          roles: [{ id: "admins", parent: null }],
          users: [
            { id: "u1", role: "admins", status: "active" },
            { id: "u2", role: "admins", status: "active" },
            { id: "u3", role: "admins", status: "active" },
          ],
        },
      },
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
