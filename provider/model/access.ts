/**
 * The effective-access model: who can act on the instance (the public, a self-registered user, every
 * role, every active user with links of its own or a static token), which policies each holds and by
 * what path, the permission rows that adds up to, and where it leads: admin access through a policy,
 * or an escalation path (model/escalation.ts). Pure; built from facts of the planned end state (the
 * program's judgement) or of a live instance (`audit`).
 */
import { combinedEscalations, type Escalation, escalationsOf } from "./escalation";
import type { InstanceFacts, PolicyPermission } from "./subjects";

export type PrincipalKind = "public" | "registration" | "role" | "user";

export interface Principal {
  readonly kind: PrincipalKind;
  /** `public`; the role's id (role, registration); the user's id. */
  readonly id: string;
  /** How paths start: `public`, `public -> self-registration -> role "Members"`, `role "Editors"`, `user ann@example.com`. */
  readonly label: string;
}

export interface HeldPolicy {
  readonly id: string;
  readonly name: string;
  readonly adminAccess: boolean;
  readonly appAccess: boolean;
  /** Steps from the principal to the policy, e.g. `parent role "Staff"`; empty when linked directly. */
  readonly via: readonly string[];
}

export interface EscalationPath {
  /** The whole path from the principal, e.g. `role "Editors" -> policy "Leads" -> create directus_users.role -> ...`. */
  readonly path: string;
  readonly escalation: Escalation;
  /** The rows the path goes through. */
  readonly through: readonly PolicyPermission[];
  /** Every policy it goes through reaches the principal through a parent role or the user's role. */
  readonly inherited: boolean;
}

export interface PrincipalAccess {
  readonly principal: Principal;
  /** The principal's roles: its own and its ancestors (none for the public and users without a role). */
  readonly roles: readonly string[];
  readonly policies: readonly HeldPolicy[];
  /** The rows of its policies (none when the facts carry no rows). */
  readonly permissions: readonly PolicyPermission[];
  readonly appAccess: boolean;
  /** Paths to admin access: through a policy with admin access, else through escalations. */
  readonly adminPaths: readonly string[];
  /** Escalation paths; none when it holds admin access already. */
  readonly escalations: readonly EscalationPath[];
}

const quoted = (text: string) => `"${text}"`;

function roleLabel(facts: InstanceFacts, id: string): string {
  const name = facts.roles.find((r) => r.id === id)?.name;
  return `role ${quoted(name ?? id)}`;
}

function policyLabel(policy: HeldPolicy): string {
  return `policy ${quoted(policy.name)}`;
}

function userLabel(user: InstanceFacts["users"][number]): string {
  const who = user.email ?? user.id;
  return user.serviceAccount ? `service account ${who}` : `user ${who}`;
}

/** The role and its ancestors, nearest first (child roles inherit their parents' policies; a cycle ends the chain). */
export function roleChain(facts: InstanceFacts, roleId: string | null): string[] {
  const chain: string[] = [];
  let current = roleId;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = facts.roles.find((r) => r.id === current)?.parent ?? null;
  }
  return chain;
}

/** Policies linked to a role of the chain, each with the steps from the chain's first role to it. */
function policiesOfChain(facts: InstanceFacts, chain: readonly string[], lead: readonly string[]): HeldPolicy[] {
  return chain.flatMap((roleId, depth) => {
    const via = [...lead, ...chain.slice(1, depth + 1).map((id) => `parent ${roleLabel(facts, id)}`)];
    return facts.access.filter((a) => a.role === roleId && a.user === null).flatMap((a) => held(facts, a.policy, via));
  });
}

function held(facts: InstanceFacts, policyId: string, via: readonly string[]): HeldPolicy[] {
  const policy = facts.policies.find((p) => p.id === policyId);
  if (!policy) return [];
  return [{ id: policy.id, name: policy.name, adminAccess: policy.adminAccess, appAccess: policy.appAccess, via }];
}

/** One entry per policy: the shortest way it is held. */
function uniquePolicies(policies: readonly HeldPolicy[]): HeldPolicy[] {
  const byId = new Map<string, HeldPolicy>();
  for (const policy of policies) {
    const seen = byId.get(policy.id);
    if (!seen || policy.via.length < seen.via.length) byId.set(policy.id, policy);
  }
  return [...byId.values()];
}

function stepsTo(label: string, policy: HeldPolicy): string {
  return [label, ...policy.via, policyLabel(policy)].join(" -> ");
}

function escalationPaths(label: string, policies: readonly HeldPolicy[], rows: readonly PolicyPermission[]) {
  const policyOf = new Map(policies.map((p) => [p.id, p]));
  const single: EscalationPath[] = rows.flatMap((row) => {
    const policy = policyOf.get(row.policy);
    if (!policy) return [];
    return escalationsOf(row.permission).map((escalation) => ({
      path: `${stepsTo(label, policy)} -> ${escalation.step} -> ${escalation.leadsTo}`,
      escalation,
      through: [row],
      inherited: policy.via.length > 0,
    }));
  });
  const rowOf = new Map(rows.map((row) => [row.permission, row]));
  const combined: EscalationPath[] = combinedEscalations(rows.map((r) => r.permission)).flatMap(
    ({ escalation, through }) => {
      const throughRows = through.flatMap((permission) => rowOf.get(permission) ?? []);
      const throughPolicies = [...new Set(throughRows.map((r) => r.policy))].flatMap((id) => policyOf.get(id) ?? []);
      const steps =
        throughPolicies.length === 1 && throughPolicies[0]
          ? `${stepsTo(label, throughPolicies[0])} -> ${escalation.step}`
          : `${label} -> ${throughRows
              .map((row) => {
                const policy = policyOf.get(row.policy);
                return policy
                  ? `${[...policy.via, policyLabel(policy)].join(" -> ")}: ${row.permission.action} ${row.permission.collection}`
                  : "";
              })
              .join(" + ")}`;
      return [
        {
          path: `${steps} -> ${escalation.leadsTo}`,
          escalation,
          through: throughRows,
          inherited: throughPolicies.every((p) => p.via.length > 0),
        },
      ];
    },
  );
  return [...single, ...combined];
}

function accessOf(
  facts: InstanceFacts,
  principal: Principal,
  roles: readonly string[],
  candidates: readonly HeldPolicy[],
): PrincipalAccess {
  const policies = uniquePolicies(candidates);
  const ids = new Set(policies.map((p) => p.id));
  const permissions = (facts.permissions ?? []).filter((row) => ids.has(row.policy));
  const admins = policies.filter((p) => p.adminAccess);
  const escalations = admins.length > 0 ? [] : escalationPaths(principal.label, policies, permissions);
  return {
    principal,
    roles,
    policies,
    permissions,
    appAccess: policies.some((p) => p.appAccess),
    adminPaths:
      admins.length > 0
        ? admins.map((p) => `${stepsTo(principal.label, p)} (admin access)`)
        : escalations.map((e) => e.path),
    escalations,
  };
}

function publicAccess(facts: InstanceFacts): PrincipalAccess {
  const links = facts.access.filter((a) => a.role === null && a.user === null);
  const principal: Principal = { kind: "public", id: "public", label: "public" };
  return accessOf(
    facts,
    principal,
    [],
    links.flatMap((a) => held(facts, a.policy, [])),
  );
}

function registrationAccess(facts: InstanceFacts): PrincipalAccess[] {
  const registration = facts.registration;
  if (!registration?.enabled || !registration.role) return [];
  const chain = roleChain(facts, registration.role);
  const label = `public -> self-registration${registration.verifyEmail ? "" : " (email not verified)"} -> ${roleLabel(facts, registration.role)}`;
  const principal: Principal = { kind: "registration", id: registration.role, label };
  return [accessOf(facts, principal, chain, policiesOfChain(facts, chain, []))];
}

function roleAccess(facts: InstanceFacts, roleId: string): PrincipalAccess {
  const chain = roleChain(facts, roleId);
  const principal: Principal = { kind: "role", id: roleId, label: roleLabel(facts, roleId) };
  return accessOf(facts, principal, chain, policiesOfChain(facts, chain, []));
}

function userAccess(facts: InstanceFacts, user: InstanceFacts["users"][number]): PrincipalAccess {
  const chain = roleChain(facts, user.role);
  const principal: Principal = { kind: "user", id: user.id, label: userLabel(user) };
  const direct = facts.access.filter((a) => a.user === user.id).flatMap((a) => held(facts, a.policy, []));
  const lead = user.role ? [roleLabel(facts, user.role)] : [];
  const throughRole = chain.length > 0 ? policiesOfChain(facts, chain, lead) : [];
  return accessOf(facts, principal, chain, [...direct, ...throughRole]);
}

/** Users that are principals of their own: active, and with links of their own or a static token. */
function ownPrincipals(facts: InstanceFacts): InstanceFacts["users"][number][] {
  const linked = new Set(facts.access.flatMap((a) => (a.user === null ? [] : [a.user])));
  return facts.users.filter((u) => u.status === "active" && (u.serviceAccount === true || linked.has(u.id)));
}

const computed = new WeakMap<InstanceFacts, readonly PrincipalAccess[]>();

/**
 * Every principal with its effective access: the public, a self-registered user (when registration is
 * on), every role, and every active user that has links of its own or is a service account (other
 * users act exactly as their role). Memoized per facts object: rules ask for it once per resource.
 */
export function principalsOf(facts: InstanceFacts): readonly PrincipalAccess[] {
  const known = computed.get(facts);
  if (known) return known;
  const principals = [
    publicAccess(facts),
    ...registrationAccess(facts),
    ...facts.roles.map((r) => roleAccess(facts, r.id)),
    ...ownPrincipals(facts).map((u) => userAccess(facts, u)),
  ];
  computed.set(facts, principals);
  return principals;
}

const keyOf = (principal: Principal) => `${principal.kind}:${principal.id}`;

/** What each active user can do: its own principal, or its role's (none: no role and no links). */
function accessOfUsers(facts: InstanceFacts): Map<string, PrincipalAccess> {
  const byKey = new Map(principalsOf(facts).map((p) => [keyOf(p.principal), p]));
  const users = new Map<string, PrincipalAccess>();
  for (const user of facts.users) {
    if (user.status !== "active") continue;
    const access = byKey.get(`user:${user.id}`) ?? (user.role ? byKey.get(`role:${user.role}`) : undefined);
    if (access) users.set(user.id, access);
  }
  return users;
}

/** Active users that can reach admin access (holding it, or through an escalation path), with the first path. */
export function usersReachingAdmin(facts: InstanceFacts): Map<string, { path: string; holds: boolean }> {
  const reaching = new Map<string, { path: string; holds: boolean }>();
  for (const [id, access] of accessOfUsers(facts)) {
    const path = access.adminPaths[0];
    if (path !== undefined) reaching.set(id, { path, holds: access.policies.some((p) => p.adminAccess) });
  }
  return reaching;
}
