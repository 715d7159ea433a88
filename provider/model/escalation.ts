/**
 * Escalation edges: permissions that let whoever holds them gain more access than they were given.
 * Each edge is a step of a path (`create directus_users.role`) and says where it leads. The research
 * behind them, and which ones Directus itself blocks, is in docs/escalation-edges.md; the edges a rule
 * refuses are shown on real servers in test/integration/escalation.test.ts.
 */
import { canonicalJson } from "./canonical";
import type { NormalizedPermission } from "./permissions";

export interface Escalation {
  /** The capability as a step of a path, e.g. `create directus_users.role`. */
  readonly step: string;
  /** Where the step leads, e.g. `any role, including one with admin access`. */
  readonly leadsTo: string;
}

/** Writes to these let the writer change who may do what. */
const ACCESS_MODEL: Readonly<Record<string, string>> = {
  directus_access: "any policy linked to itself, including one with admin access",
  directus_policies: "admin access on a policy it holds",
  directus_permissions: "any permission, for itself or for the public",
  directus_roles: "its role under a role with admin access",
  directus_settings: "public registration into any role, including one with admin access",
};
const WRITES = ["create", "update", "delete"];
/**
 * Fields that sign a user in: written on another user's row (an administrator's included), they let
 * the writer in as that user - a new password, an address for a password reset, a static token.
 * Not here, because Directus refuses them itself: `policies` (a nested write into directus_access,
 * which needs its own grant, see ACCESS_MODEL), `provider` and `external_identifier` (admins only),
 * `tfa_secret` (never); shown in test/integration/escalation.test.ts.
 */
const SIGN_IN_FIELDS = ["email", "password", "token"];
const SELF_ONLY = canonicalJson({ id: { _eq: "$CURRENT_USER" } });
const ANY_ROLE = "any role, including one with admin access";

function fieldsOf(permission: NormalizedPermission): readonly string[] {
  return permission.fields ?? [];
}

function named(permission: NormalizedPermission, candidates: readonly string[]): string[] {
  const fields = fieldsOf(permission);
  return fields.includes("*") ? [...candidates] : candidates.filter((field) => fields.includes(field));
}

function accessModelWrite(permission: NormalizedPermission): Escalation | undefined {
  const leadsTo = ACCESS_MODEL[permission.collection];
  if (leadsTo === undefined || !WRITES.includes(permission.action)) return undefined;
  return { step: `${permission.action} ${permission.collection}`, leadsTo };
}

/** `role` is the one field that moves a user, itself included, into any role, whatever the filter. */
function userWrite(permission: NormalizedPermission): Escalation | undefined {
  if (permission.collection !== "directus_users") return undefined;
  const role = named(permission, ["role"]).length > 0;
  if (permission.action === "create" && role) {
    return { step: "create directus_users.role", leadsTo: `a new user in ${ANY_ROLE}` };
  }
  if (permission.action !== "update") return undefined;
  if (role) return { step: "update directus_users.role", leadsTo: `${ANY_ROLE}, for itself or any user it may update` };
  const signIn = named(permission, SIGN_IN_FIELDS);
  const selfOnly = permission.filter !== null && canonicalJson(permission.filter) === SELF_ONLY;
  if (signIn.length > 0 && !selfOnly) {
    return {
      step: `update directus_users.${signIn.join("/")}`,
      leadsTo: "another user's sign-in, an administrator's included (new password, reset address or static token)",
    };
  }
  return undefined;
}

/** The escalations one permission opens on its own. */
export function escalationsOf(permission: NormalizedPermission): Escalation[] {
  return [accessModelWrite(permission), userWrite(permission)].filter((e): e is Escalation => e !== undefined);
}

const FLOW_WRITES = new Set(["create", "update"]);

function writes(permissions: readonly NormalizedPermission[], collection: string): NormalizedPermission | undefined {
  return permissions.find((p) => p.collection === collection && FLOW_WRITES.has(p.action));
}

/**
 * Escalations that need several permissions together: whoever may write both flows and their
 * operations builds a webhook flow whose operation runs with full access (`permissions: "$full"`),
 * which anyone may trigger. Each with the permissions the path goes through.
 */
export function combinedEscalations(
  permissions: readonly NormalizedPermission[],
): { through: NormalizedPermission[]; escalation: Escalation }[] {
  const flows = writes(permissions, "directus_flows");
  const operations = writes(permissions, "directus_operations");
  if (!flows || !operations) return [];
  return [
    {
      through: [flows, operations],
      escalation: {
        step: `${flows.action} directus_flows + ${operations.action} directus_operations`,
        leadsTo: "a flow whose operations run with full access, triggered by anyone through its webhook: admin",
      },
    },
  ];
}
