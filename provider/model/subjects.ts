/** What the security rules judge: each resource as a plain subject, and the instance as facts. */
import type { Kind } from "./kinds";
import type { NormalizedPermission } from "./permissions";

/** A permission as rules see it: the validated, normalized form. */
export type PermissionFacts = NormalizedPermission;

/** The resource kinds rules can inspect, with the plain validated inputs each one carries. */

export type Subject =
  | {
      kind: "Policy";
      inputs: {
        name: string;
        /** Undefined only for an adopted policy that leaves the field as it is (see plan/program.ts). */
        adminAccess?: boolean | undefined;
        appAccess?: boolean | undefined;
        enforceTfa?: boolean | undefined;
        /** Allowed client IPs/ranges; null or absent: no restriction. */
        ipAccess?: string[] | null | undefined;
        permissions?: PermissionFacts[] | undefined;
        /** The existing policy this resource takes over, if any. */
        adoptId?: string | undefined;
      };
    }
  | { kind: "PublicAccess"; inputs: { policy: string; permissions: PermissionFacts[] } }
  | { kind: "Permission"; inputs: PermissionFacts & { policy: string } }
  | { kind: "PolicyAttachment"; inputs: { policy: string; role?: string | undefined; user?: string | undefined } }
  | { kind: "ServiceAccount"; inputs: { email: string | null; role: string | null } }
  | {
      kind: "SecuritySettings";
      inputs: {
        projectName?: string | undefined;
        passwordPolicy?: "strong" | "weak" | "none" | { regex: string } | undefined;
        loginAttempts?: number | null | undefined;
        production?: boolean | undefined;
        /** Sign-up by anyone: into which role, and whether the email must be verified first. */
        publicRegistration?: { enabled: boolean; verifyEmail: boolean; role: string | null } | undefined;
      };
    }
  | { kind: "Role"; inputs: { name: string; parent?: string | null | undefined; adoptId?: string | undefined } };

export type SubjectKind = Subject["kind"];

/** What the live instance looks like, for rules that need the whole picture. */
export interface InstanceFacts {
  readonly version: string;
  readonly customPermissionRules: boolean;
  readonly policies: readonly {
    id: string;
    name: string;
    adminAccess: boolean;
    appAccess: boolean;
    enforceTfa: boolean;
    /** Allowed client IPs/ranges; null or absent: no restriction. */
    ipAccess?: readonly string[] | null | undefined;
  }[];
  readonly access: readonly { id: string; role: string | null; user: string | null; policy: string }[];
  readonly roles: readonly {
    id: string;
    parent: string | null;
    /** For paths in messages; absent when unknown. */
    name?: string | undefined;
  }[];
  readonly users: readonly {
    id: string;
    role: string | null;
    status: string;
    /** Lower case; absent when unknown (e.g. a user the program plans). */
    email?: string | null | undefined;
    /** An API client (a static token and no password). */
    serviceAccount?: boolean | undefined;
  }[];
  /** Field names per collection (user collections only). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /**
   * @internal
   * Permission rows the program plans, per policy id (the live instance's rows are not read): lets a
   * rule judge rows of one policy that separate resources declare together.
   */
  readonly plannedPermissions?: readonly PolicyPermission[] | undefined;
  /**
   * Every permission row of the (planned) end state, with its policy: what the effective-access model
   * (model/access.ts) adds up per principal. Absent when the rows were not read.
   */
  readonly permissions?: readonly PolicyPermission[] | undefined;
  /** Public registration (sign-up by anyone), when the settings were read or the program sets them. */
  readonly registration?: RegistrationFacts | undefined;
  /** The user behind the configured token, as the live instance sees it (carried unchanged into plans). */
  readonly operator?: OperatorFacts | undefined;
  /**
   * Stacks (`<project>/<stack>`) whose writes Directus' activity log holds, per shared object: keys
   * `directus_policies:<id>`, `directus_roles:<id>`, `directus_settings:1`, `public:<policy id>`.
   */
  readonly writers?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** A permission row and the policy it belongs to. */
export interface PolicyPermission {
  readonly policy: string;
  readonly permission: PermissionFacts;
}

export interface RegistrationFacts {
  readonly enabled: boolean;
  readonly verifyEmail: boolean;
  /** The role new users get; null: none. */
  readonly role: string | null;
}

/** How the token the provider uses holds admin access today; the lockout rule keeps it working. */
export interface OperatorFacts {
  readonly userId: string;
  /** The user's role and its ancestors. */
  readonly roles: readonly string[];
  /** Admin policies the token reaches now, with their `ipAccess` as they are (they evidently let it in). */
  readonly adminThrough: readonly { readonly policy: string; readonly ipAccess: readonly string[] | null }[];
  /** Active users with admin access on the live instance. */
  readonly adminUsers: number;
}

type SubjectOfKind<K extends SubjectKind> = Extract<Subject, { kind: K }>;

/** What a kind's subject is made from: its inputs (a resource's, or an object `import` would write). */
export interface SubjectSources {
  readonly Role: SubjectOfKind<"Role">["inputs"];
  readonly Policy: SubjectOfKind<"Policy">["inputs"];
  readonly Permission: SubjectOfKind<"Permission">["inputs"];
  readonly PolicyAttachment: SubjectOfKind<"PolicyAttachment">["inputs"];
  readonly PublicAccess: SubjectOfKind<"PublicAccess">["inputs"];
  readonly ServiceAccount: { email?: string | null | undefined; role?: string | null | undefined };
  readonly SecuritySettings: SubjectOfKind<"SecuritySettings">["inputs"];
}

/** Per kind: the plain subject the rules judge (only the inputs a rule may read). */
const SUBJECT_OF: { readonly [K in Kind]: (inputs: SubjectSources[K]) => SubjectOfKind<K> } = {
  Role: (i) => ({ kind: "Role", inputs: { name: i.name, parent: i.parent, adoptId: i.adoptId } }),
  Policy: (i) => ({
    kind: "Policy",
    inputs: {
      name: i.name,
      adminAccess: i.adminAccess,
      appAccess: i.appAccess,
      enforceTfa: i.enforceTfa,
      ipAccess: i.ipAccess,
      permissions: i.permissions,
      adoptId: i.adoptId,
    },
  }),
  Permission: (i) => ({ kind: "Permission", inputs: i }),
  PolicyAttachment: (i) => ({ kind: "PolicyAttachment", inputs: { policy: i.policy, role: i.role, user: i.user } }),
  PublicAccess: (i) => ({ kind: "PublicAccess", inputs: { policy: i.policy, permissions: i.permissions } }),
  ServiceAccount: (i) => ({ kind: "ServiceAccount", inputs: { email: i.email ?? null, role: i.role ?? null } }),
  SecuritySettings: (i) => ({
    kind: "SecuritySettings",
    inputs: {
      projectName: i.projectName,
      passwordPolicy: i.passwordPolicy,
      loginAttempts: i.loginAttempts,
      production: i.production,
      publicRegistration: i.publicRegistration && {
        enabled: i.publicRegistration.enabled,
        verifyEmail: i.publicRegistration.verifyEmail,
        role: i.publicRegistration.role,
      },
    },
  }),
};

/** The subject of one object of a kind, as the rules see it; resources and `audit` both build it here. */
export function subjectOf<K extends Kind>(kind: K, inputs: SubjectSources[K]): Subject {
  return SUBJECT_OF[kind](inputs);
}
