/**
 * The operator is whoever the configured token belongs to. These functions answer "does the token
 * still have admin access in this (planned) state?" so the lockout rule can refuse a change that would
 * cut off the very token every later `pulumi up` needs.
 */
import { adminPolicyIds, roleChain, usersHolding } from "./helpers";
import type { InstanceFacts, OperatorFacts } from "./types";

/** Admin policies that reach an active user, directly or through the role chain. */
export function adminPoliciesOfUser(facts: InstanceFacts, userId: string) {
  const user = facts.users.find((u) => u.id === userId);
  if (user?.status !== "active") return [];
  const roles = new Set(roleChain(facts, user.role));
  const linked = new Set(
    facts.access.filter((a) => a.user === userId || (a.role !== null && roles.has(a.role))).map((a) => a.policy),
  );
  return facts.policies.filter((p) => p.adminAccess && linked.has(p.id));
}

function ipKey(list: readonly string[] | null | undefined): string {
  return list && list.length > 0 ? [...list].sort().join(",") : "";
}

/** What the live instance says about the token's user. */
export function operatorFacts(live: InstanceFacts, userId: string): OperatorFacts {
  const user = live.users.find((u) => u.id === userId);
  return {
    userId,
    roles: roleChain(live, user?.role ?? null),
    adminThrough: adminPoliciesOfUser(live, userId).map((p) => ({ policy: p.id, ipAccess: p.ipAccess ?? null })),
    adminUsers: usersHolding(live, adminPolicyIds(live)).size,
  };
}

/**
 * Whether the token keeps admin access: through an admin policy without an IP restriction, or one
 * whose restriction is exactly what lets the token in today (the provider cannot see its own address
 * as Directus sees it, so any new or changed restriction counts as a risk).
 */
export function operatorKeepsAdmin(planned: InstanceFacts, operator: OperatorFacts): boolean {
  const working = new Set(operator.adminThrough.map((a) => `${a.policy} ${ipKey(a.ipAccess)}`));
  return adminPoliciesOfUser(planned, operator.userId).some(
    (p) => ipKey(p.ipAccess) === "" || working.has(`${p.id} ${ipKey(p.ipAccess)}`),
  );
}

/** The lockouts the planned state would cause, as sentences; empty when the operator is safe. */
export function lockoutProblems(planned: InstanceFacts): string[] {
  const operator = planned.operator;
  if (!operator) return [];
  const problems: string[] = [];
  if (operator.adminThrough.length > 0 && !operatorKeepsAdmin(planned, operator)) {
    problems.push(
      `the token in directus:token (user ${operator.userId}) would lose admin access - it reaches admin today through ${operator.adminThrough
        .map((a) => `policy ${a.policy}${a.ipAccess ? ` (ipAccess ${a.ipAccess.join(", ")})` : ""}`)
        .join(", ")} - so the next pulumi up could not even read the instance`,
    );
  }
  if (operator.adminUsers > 0 && usersHolding(planned, adminPolicyIds(planned)).size === 0) {
    problems.push(
      "no active user would keep admin access (Directus refuses to remove the last admin half-way through)",
    );
  }
  return problems;
}
