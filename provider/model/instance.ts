/**
 * One model of a live instance's access control (read by engine/instance-reader.ts). `import` turns it
 * into code, `audit` into rule subjects, the judgement into facts; rows map with model/mapping.ts.
 */

import type { LinkFields, PolicyFields, RoleFields, SettingsFields, UserFields } from "./mapping";
import type { NormalizedPermission } from "./permissions";
import type { InstanceFacts } from "./subjects";

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
    roles: model.roles.map((r) => ({ id: r.id, parent: r.parent, name: r.name })),
    users: model.users.map((u) => ({
      id: u.id,
      role: u.role,
      status: u.status,
      email: u.email,
      serviceAccount: u.serviceAccount,
    })),
    fields: model.fields,
    permissions: model.policies.flatMap((p) =>
      p.permissions.map(({ id: _row, ...permission }) => ({ policy: p.id, permission })),
    ),
    registration: registrationOf(model.settings),
  };
}

/** The registration settings, unless the settings were not read (an empty object then). */
function registrationOf(settings: Partial<SettingsFields>): InstanceFacts["registration"] {
  const registration = settings.publicRegistration;
  if (!registration) return undefined;
  return { enabled: registration.enabled, verifyEmail: registration.verifyEmail, role: registration.role };
}

/** Ids of the policies anonymous requests get. */
export function publicPolicyIds(model: InstanceModel): Set<string> {
  return new Set(model.publicLinks.map((l) => l.policy));
}

/** Facts that know only the server's version and licence (what the provider reads for DSEC-009). */
export function capabilityFacts(capabilities: {
  readonly version: string;
  readonly customPermissionRules: boolean;
}): InstanceFacts {
  return {
    version: capabilities.version,
    customPermissionRules: capabilities.customPermissionRules,
    policies: [],
    access: [],
    roles: [],
    users: [],
    fields: {},
  };
}
