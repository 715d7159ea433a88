/**
 * The one mapping between Directus' system rows and this package's resource inputs. Resources' `read`,
 * `import`, `audit` and the adoption warnings all go through it, so they cannot disagree.
 */
import type { AccessRecord, PolicyRecord, RoleRecord, SettingsRecord, UserRecord } from "../client/records";
import { ipList } from "../client/records";
import { type PasswordPolicy, passwordPolicyFromDirectus } from "./password-policy";
import { fromRecord, type NormalizedPermission } from "./permissions";

/** The id of the public policy every Directus 11+/12 install creates. */
export const BUILT_IN_PUBLIC_POLICY_ID = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

/** Directus' own defaults for the fields a program may leave out (what a new object gets). */
export const ROLE_DEFAULTS = { description: null, icon: "supervised_user_circle", parent: null } as const;
export const POLICY_DEFAULTS = {
  description: null,
  icon: "badge",
  adminAccess: false,
  appAccess: false,
  enforceTfa: false,
  ipAccess: null,
} as const;

export interface RoleFields {
  name: string;
  description: string | null;
  icon: string;
  parent: string | null;
}

export function roleFields(record: RoleRecord): RoleFields {
  return {
    name: record.name,
    description: record.description ?? ROLE_DEFAULTS.description,
    icon: record.icon ?? ROLE_DEFAULTS.icon,
    parent: record.parent ?? ROLE_DEFAULTS.parent,
  };
}

export interface PolicyFields {
  name: string;
  description: string | null;
  icon: string;
  adminAccess: boolean;
  appAccess: boolean;
  enforceTfa: boolean;
  ipAccess: string[] | null;
}

export function policyFields(record: PolicyRecord): PolicyFields {
  return {
    name: record.name,
    description: record.description ?? POLICY_DEFAULTS.description,
    icon: record.icon ?? POLICY_DEFAULTS.icon,
    adminAccess: record.admin_access ?? POLICY_DEFAULTS.adminAccess,
    appAccess: record.app_access ?? POLICY_DEFAULTS.appAccess,
    enforceTfa: record.enforce_tfa ?? POLICY_DEFAULTS.enforceTfa,
    ipAccess: ipList(record.ip_access),
  };
}

export const permissionFields: (record: Parameters<typeof fromRecord>[0]) => NormalizedPermission = fromRecord;

export interface LinkFields {
  policy: string;
  role?: string;
  user?: string;
  sort: number | null;
}

export function linkFields(record: AccessRecord): LinkFields {
  return {
    policy: record.policy,
    ...(record.role ? { role: record.role } : {}),
    ...(record.user ? { user: record.user } : {}),
    sort: record.sort ?? null,
  };
}

/** A link with neither role nor user makes its policy apply to anonymous requests. */
export function isPublicLink(record: AccessRecord): boolean {
  return !record.role && !record.user;
}

export interface UserFields {
  /** Null for users without one (API users that only send their token). */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  role: string | null;
  status: string;
}

export function userFields(record: UserRecord): UserFields {
  return {
    email: record.email ? record.email.toLowerCase() : null,
    firstName: record.first_name ?? null,
    lastName: record.last_name ?? null,
    role: record.role ?? null,
    status: record.status ?? "active",
  };
}

export interface PublicRegistrationFields {
  enabled: boolean;
  verifyEmail: boolean;
  role: string | null;
  emailFilter: Record<string, unknown> | null;
}

export interface SettingsFields {
  projectName: string;
  passwordPolicy: PasswordPolicy;
  loginAttempts: number | null;
  publicRegistration: PublicRegistrationFields;
}

export function settingsFields(record: SettingsRecord): SettingsFields {
  return {
    projectName: record.project_name ?? "",
    passwordPolicy: passwordPolicyFromDirectus(record.auth_password_policy),
    loginAttempts: record.auth_login_attempts ?? null,
    publicRegistration: {
      enabled: record.public_registration ?? false,
      verifyEmail: record.public_registration_verify_email ?? true,
      role: record.public_registration_role ?? null,
      emailFilter: record.public_registration_email_filter ?? null,
    },
  };
}

/** Only the keys of `value` that `like` has: what a resource manages of an object. */
export function managedPart<T extends object>(value: T, like: object): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key in like)) as Partial<T>;
}
