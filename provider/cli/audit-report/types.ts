/** The audit report of one instance: its findings and its permission matrix. */

import type { PrincipalKind } from "../../model/access";
import type { PermissionAction } from "../../model/permissions";

/** The object a finding is about. `kind`: Policy, Role, PublicAccess, PolicyAttachment, ServiceAccount or SecuritySettings. */
export interface AuditObject {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
}

export interface AuditFinding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly object: AuditObject;
  /** Path inside the object, e.g. `permissions[2]` or `adminAccess`. */
  readonly property: string;
  /** What the finding is about, as an acknowledgement's `covers` names it: `posts:create`, `adminAccess`. */
  readonly target: string;
  /** Other objects that report the very same problem (e.g. an admin excess on the policy and its links). */
  readonly alsoOn?: readonly AuditObject[];
}

/**
 * How much of one collection and action a matrix row gets:
 * - `full`: every field of every item;
 * - `fields`: every item, but only listed fields;
 * - `filter`: every field, but only items matching a filter;
 * - `fields+filter`: limited both ways (also when one grant lists fields and another filters items:
 *   no single grant then gives every field of every item).
 */
export type MatrixAccess = "full" | "fields" | "filter" | "fields+filter";

export type MatrixCell =
  | { readonly access: "none" }
  | {
      readonly access: MatrixAccess;
      /** Union of the granted fields, sorted; `["*"]` when a grant gives all fields. */
      readonly fields: readonly string[];
      /** A grant validates create/update payloads. */
      readonly validation: boolean;
      /** A grant presets field values. */
      readonly presets: boolean;
      /** Ids of the policies that grant it, sorted. */
      readonly policies: readonly string[];
    };

export type MatrixRowKind = "PublicAccess" | "Role" | "User" | "Policy";

export interface MatrixRow {
  readonly kind: MatrixRowKind;
  /** Role, user or policy id; `public` for the public access row. */
  readonly id: string;
  readonly name: string;
  /** The policies the row unites: the public ones, a role's own and inherited ones, a user's own and its role's, or the policy itself. */
  readonly policies: readonly string[];
  /** One of the policies has admin access: Directus then skips permissions, and the cells do not matter. */
  readonly adminAccess: boolean;
  readonly appAccess: boolean;
  /** `cells[collection][action]`, for every collection of the matrix. */
  readonly cells: Readonly<Record<string, Readonly<Record<PermissionAction, MatrixCell>>>>;
}

/** Rows: public access, then roles, users with more than their role, and policies (each by name, then id). Columns: collections x actions. */
export interface PermissionMatrix {
  /** Every collection a permission names or the instance has, sorted. */
  readonly collections: readonly string[];
  readonly actions: readonly PermissionAction[];
  readonly rows: readonly MatrixRow[];
}

/**
 * Who can act on the instance and what each reaches (model/access.ts): the public, a self-registered
 * user, every role, users with links of their own and service accounts.
 */
export interface AuditPrincipal {
  readonly kind: PrincipalKind;
  /** `public`, the role's id (role, registration) or the user's id. */
  readonly id: string;
  /** How its paths start, e.g. `role "Editors"`. */
  readonly label: string;
  /** Its policies, each with the steps it comes through (e.g. `parent role "Staff"`). */
  readonly policies: readonly { readonly id: string; readonly name: string; readonly via: readonly string[] }[];
  readonly appAccess: boolean;
  /** `holds`: a policy gives it admin access; `escalates`: it can reach admin through an escalation path. */
  readonly admin: "holds" | "escalates" | "no";
  /** Every path to admin access, from the principal. */
  readonly adminPaths: readonly string[];
}

export interface AuditReport {
  readonly instance: { readonly url: string; readonly version: string };
  readonly findings: readonly AuditFinding[];
  readonly matrix: PermissionMatrix;
  readonly principals: readonly AuditPrincipal[];
}

export type AuditFormat = "text" | "markdown" | "json" | "sarif" | "html";

/** Every format, as `--format` offers them. */
export const AUDIT_FORMATS: readonly AuditFormat[] = ["text", "markdown", "json", "sarif", "html"];
export type FailOn = "error" | "warning" | "never";
