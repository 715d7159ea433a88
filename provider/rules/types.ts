import type { InstanceFacts, OperatorFacts, PermissionFacts, Subject, SubjectKind } from "../model/subjects";

export type { InstanceFacts, OperatorFacts, PermissionFacts, Subject, SubjectKind };

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
  /**
   * @internal
   * Its findings are grants of access (a public write, admin access, a way to escalate): `review` lists
   * a refused one as a widening the program would have made.
   */
  readonly grantsAccess?: boolean;
  readonly appliesTo: readonly SubjectKind[];
  evaluate(subject: Subject, context: RuleContext): RuleHit[];
  /**
   * @internal
   * For a rule that reads only the server's version and licence (`InstanceFacts.version` and
   * `customPermissionRules`), not the rest of the instance: whether it needs them for this subject.
   * The provider's own check then reads them itself and runs the rule on one resource.
   */
  needsCapabilities?(subject: Subject): boolean;
  /**
   * @internal
   * Problems of the planned end state as a whole that no resource causes on its own (e.g. the program
   * stops declaring the link the token's admin access came through): reported on the program when
   * none of the resources reported this rule.
   */
  evaluateProgram?(facts: InstanceFacts): RuleHit[];
  /**
   * @internal
   * Shared objects whose writers the rule reads (`InstanceFacts.writers`), by key, each with the
   * property that names it: the judgement looks their writers up in the activity log.
   */
  watches?(subject: Subject): { key: string; property: string }[];
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
