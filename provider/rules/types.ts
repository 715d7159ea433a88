import type { NormalizedPermission } from "../model/permissions";

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
  readonly roles: readonly { id: string; parent: string | null }[];
  readonly users: readonly {
    id: string;
    role: string | null;
    status: string;
    /** Lower case; absent when unknown (e.g. a user the program plans). */
    email?: string | null | undefined;
  }[];
  /** Field names per collection (user collections only). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** The user behind the configured token, as the live instance sees it (carried unchanged into plans). */
  readonly operator?: OperatorFacts | undefined;
  /**
   * Stacks (`<project>/<stack>`) whose writes Directus' activity log holds, per shared object: keys
   * `directus_policies:<id>`, `directus_roles:<id>`, `directus_settings:1`, `public:<policy id>`.
   */
  readonly writers?: Readonly<Record<string, readonly string[]>> | undefined;
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

export interface RuleLimits {
  /** At most this many policies with admin access. Config `directus:maxAdminPolicies`, default 1. */
  readonly adminPolicies: number;
  /** At most this many active users holding admin access, through roles or directly. `directus:maxAdminUsers`, default 2. */
  readonly adminUsers: number;
  /** Highest acceptable `loginAttempts`. `directus:maxLoginAttempts`, default 10. */
  readonly loginAttempts: number;
}

export interface RuleContext {
  readonly limits: RuleLimits;
  /** The live instance; undefined when it could not be read (rules that need it then stay silent). */
  readonly facts?: InstanceFacts | undefined;
  /** Stack name, when known (program side). */
  readonly stack?: string | undefined;
  /** `<project>/<stack>`, when known (program side): the writer name of this stack in the activity log. */
  readonly stackKey?: string | undefined;
  /**
   * The id of the subject's own object in `facts` (real, adopted or planned), when the facts are the
   * planned end state that includes it; lets a rule ask e.g. "is this policy public?".
   */
  readonly subjectId?: string | undefined;
  /**
   * Targets (see Finding.target) whose values equal the object's as it was found (live, or recorded in
   * the stack): they are not written, so rules that judge writes skip them.
   */
  readonly keptAsFound?: ReadonlySet<string> | undefined;
}

export interface RuleHit {
  /** Property path inside the resource's inputs, e.g. `permissions[2]`. */
  readonly property: string;
  readonly message: string;
}

export interface RuleExample {
  readonly title: string;
  readonly subject: Subject;
  readonly facts?: Partial<InstanceFacts>;
  readonly limits?: Partial<RuleLimits>;
}

export interface SecurityRule {
  /** Stable id, never reused: `DSEC-0xx` errors, `DSEC-1xx` warnings. */
  readonly id: string;
  /** Short kebab-case name. */
  readonly name: string;
  readonly severity: "error" | "warning";
  /** One line: why this matters. */
  readonly rationale: string;
  /** What to change. */
  readonly remediation: string;
  /** Whether the rule reads the live instance (InstanceFacts); rules without it run offline too. */
  readonly needsFacts: boolean;
  /** Whether `acknowledge: [{ rule, reason }]` may turn this error into a warning. */
  readonly exemptible: boolean;
  /**
   * `end-state` (default): the rule judges the planned end state, values kept as found included.
   * `writes`: it judges only what would be written, so values an adopted object keeps as it was found
   * (RuleContext.keptAsFound) are not its concern (e.g. what the server accepts on a write).
   */
  readonly judges?: "end-state" | "writes";
  readonly appliesTo: readonly SubjectKind[];
  evaluate(subject: Subject, context: RuleContext): RuleHit[];
  readonly examples: { readonly good: readonly RuleExample[]; readonly bad: readonly RuleExample[] };
}

export interface Acknowledgement {
  readonly rule: string;
  readonly reason: string;
  /**
   * The findings it covers, by target (see {@link Finding.target}): `posts:create` for a permission,
   * else the property, e.g. `adminAccess`. Absent (deprecated): every finding of the rule on the resource.
   */
  readonly covers?: readonly string[] | undefined;
}

export interface Finding extends RuleHit {
  readonly rule: SecurityRule;
  /**
   * What the finding is about, stable while the program changes around it: `<collection>:<action>` for
   * a permission, else the property path. Acknowledgements name it in `covers`.
   */
  readonly target: string;
  /** Set when the resource acknowledged this rule and the rule allows it. */
  readonly acknowledged?: string | undefined;
  /** error: blocks the change; warning: shown only. */
  readonly effect: "error" | "warning";
}
