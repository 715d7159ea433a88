/**
 * One model of a live instance's access control, read in a handful of list requests. `import` turns
 * it into code, `audit` into rule subjects; both map rows with model/mapping.ts like the resources do.
 */

import type { DirectusClient } from "../client/directus-client";
import type { InstanceFacts } from "../rules/types";
import {
  isPublicLink,
  type LinkFields,
  linkFields,
  type PolicyFields,
  permissionFields,
  policyFields,
  type RoleFields,
  roleFields,
  type SettingsFields,
  settingsFields,
  type UserFields,
  userFields,
} from "./mapping";
import { compareText } from "./order";
import type { NormalizedPermission } from "./permissions";
import { sortPermissions } from "./permissions";

export type ModelRole = RoleFields & { readonly id: string };
export type ModelPermission = NormalizedPermission & { readonly id: number };
export type ModelPolicy = PolicyFields & { readonly id: string; readonly permissions: ModelPermission[] };
export type ModelLink = LinkFields & { readonly id: string };
export type ModelUser = UserFields & {
  readonly id: string;
  /** Has a static token and no password: an API client, which `import` manages as a ServiceAccount. */
  readonly serviceAccount: boolean;
};

export interface InstanceModel {
  readonly version: string;
  readonly customPermissionRules: boolean;
  readonly roles: ModelRole[];
  readonly policies: ModelPolicy[];
  /** Links of a policy to a role or a user (`directus_access`). */
  readonly links: ModelLink[];
  /** Links with neither role nor user: these policies apply to anonymous requests. */
  readonly publicLinks: { readonly id: string; readonly policy: string }[];
  readonly users: ModelUser[];
  readonly settings: SettingsFields;
  /** Field names per user collection. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

/** The parts `--only` can select. */
export const MODEL_PARTS = ["roles", "policies", "permissions", "access", "users", "settings"] as const;
export type ModelPart = (typeof MODEL_PARTS)[number];

export interface ReadOptions {
  /** Called before each list request, for progress output. */
  readonly onStep?: (what: string) => void;
}

async function step<T>(options: ReadOptions, what: string, read: () => Promise<T>): Promise<T> {
  options.onStep?.(what);
  return read();
}

/** Reads the whole access-control configuration: 8 requests, however large the instance. */
export async function readInstance(client: DirectusClient, options: ReadOptions = {}): Promise<InstanceModel> {
  const [capabilities, roles, policies, permissions, access, users, settings, fields] = await Promise.all([
    step(options, "server info", () => client.capabilities()),
    step(options, "roles", () => client.listRoles()),
    step(options, "policies", () => client.listPolicies()),
    step(options, "permissions", () => client.listAllPermissions()),
    step(options, "access", () => client.listAccess({})),
    step(options, "users", () => client.listUsersInDetail()),
    step(options, "settings", () => client.getSettings()),
    step(options, "fields", () => client.listUserFields()),
  ]);
  const rowsByPolicy = new Map<string, ModelPermission[]>();
  for (const row of permissions) {
    if (!row.policy) continue;
    rowsByPolicy.set(row.policy, [...(rowsByPolicy.get(row.policy) ?? []), { ...permissionFields(row), id: row.id }]);
  }
  const byId = <T extends { id: string }>(a: T, b: T) => compareText(a.id, b.id);
  return {
    version: capabilities.version,
    customPermissionRules: capabilities.customPermissionRules,
    roles: roles.map((r) => ({ ...roleFields(r), id: r.id })).sort(byId),
    policies: policies
      .map((p) => ({ ...policyFields(p), id: p.id, permissions: sortPermissions(rowsByPolicy.get(p.id) ?? []) }))
      .sort(byId),
    links: access
      .filter((a) => !isPublicLink(a))
      .map((a) => ({ ...linkFields(a), id: a.id }))
      .sort(byId),
    publicLinks: access
      .filter(isPublicLink)
      .map((a) => ({ id: a.id, policy: a.policy }))
      .sort(byId),
    users: users
      .map((u) => ({ ...userFields(u), id: u.id, serviceAccount: Boolean(u.token) && !u.password }))
      .sort(byId),
    settings: settingsFields(settings),
    fields,
  };
}

/** The facts the security rules read, from the model (no operator: the model has no token holder). */
export function factsOf(model: InstanceModel): InstanceFacts {
  return {
    version: model.version,
    customPermissionRules: model.customPermissionRules,
    policies: model.policies.map((p) => ({
      id: p.id,
      name: p.name,
      adminAccess: p.adminAccess,
      appAccess: p.appAccess,
      enforceTfa: p.enforceTfa,
      ipAccess: p.ipAccess,
    })),
    access: [
      ...model.links.map((l) => ({ id: l.id, policy: l.policy, role: l.role ?? null, user: l.user ?? null })),
      ...model.publicLinks.map((l) => ({ id: l.id, policy: l.policy, role: null, user: null })),
    ],
    roles: model.roles.map((r) => ({ id: r.id, parent: r.parent })),
    users: model.users.map((u) => ({ id: u.id, role: u.role, status: u.status })),
    fields: model.fields,
  };
}

/** Ids of the policies anonymous requests get. */
export function publicPolicyIds(model: InstanceModel): Set<string> {
  return new Set(model.publicLinks.map((l) => l.policy));
}
