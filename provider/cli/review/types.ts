/** What `pulumi-directus review` reports: a preview's changes by their effect on access, and the findings. */

export interface ReviewChange {
  readonly urn: string;
  /** `Policy`, `PublicAccess`, ... for this package's resources; the full type token for others. */
  readonly kind: string;
  readonly name: string;
  readonly op: string;
  readonly details: string[];
}

export interface ReviewFinding {
  /** `error` or `warning`. */
  severity: string;
  /** `DSEC-001` when the message comes from a security rule. */
  ruleId?: string;
  /** The rule's name, e.g. `public-write`. */
  ruleName?: string;
  /** `<Kind>:<name>` of the resource the message is about, e.g. `PublicAccess:public`. */
  resource?: string;
  /** The input property the message is about, e.g. `permissions[0]`. */
  property?: string;
  message: string;
}

export interface Review {
  readonly widened: ReviewChange[];
  readonly narrowed: ReviewChange[];
  readonly other: ReviewChange[];
  readonly findings: ReviewFinding[];
  /** True when pulumi-directus refused the program: `pulumi up` would apply nothing. */
  readonly refused: boolean;
  /** `widened`, `narrowed`, `other`, then the engine's resources per operation (`create`, `same`, ...). */
  readonly counts: Record<string, number>;
}
