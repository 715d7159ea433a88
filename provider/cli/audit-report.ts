/**
 * The output side of `pulumi-directus audit`: findings and a permission matrix of one instance, rendered
 * as text (terminals), Markdown (reviews, CI summaries), JSON (scripts) or SARIF (code scanning), plus
 * the exit code for `--fail-on`. Every renderer sorts the same way, so one instance gives one output.
 */

import { createHash } from "node:crypto";
import type * as Sarif from "sarif";
import { factsOf, type InstanceModel, type ModelPolicy } from "../model/instance";
import { comparePaths, compareText } from "../model/order";
import { type NormalizedPermission, PERMISSION_ACTIONS, type PermissionAction } from "../model/permissions";
import { allFields, grantedFields, policiesOfRole } from "../rules/helpers";
import { SECURITY_RULES } from "../rules/registry";
import type { SecurityRule } from "../rules/types";
import { escapeCell, plain } from "./markdown";

// ---------------------------------------------------------------------------------------------------
// Report model

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

export type MatrixRowKind = "PublicAccess" | "Role" | "Policy";

export interface MatrixRow {
  readonly kind: MatrixRowKind;
  /** Role or policy id; `public` for the public access row. */
  readonly id: string;
  readonly name: string;
  /** The policies the row unites: the public ones, a role's own and inherited ones, or the policy itself. */
  readonly policies: readonly string[];
  /** One of the policies has admin access: Directus then skips permissions, and the cells do not matter. */
  readonly adminAccess: boolean;
  readonly appAccess: boolean;
  /** `cells[collection][action]`, for every collection of the matrix. */
  readonly cells: Readonly<Record<string, Readonly<Record<PermissionAction, MatrixCell>>>>;
}

/** Rows: public access, then roles, then policies (each by name, then id). Columns: collections x actions. */
export interface PermissionMatrix {
  /** Every collection a permission names or the instance has, sorted. */
  readonly collections: readonly string[];
  readonly actions: readonly PermissionAction[];
  readonly rows: readonly MatrixRow[];
}

export interface AuditReport {
  readonly instance: { readonly url: string; readonly version: string };
  readonly findings: readonly AuditFinding[];
  readonly matrix: PermissionMatrix;
}

export type AuditFormat = "text" | "markdown" | "json" | "sarif";
export type FailOn = "error" | "warning" | "never";

// ---------------------------------------------------------------------------------------------------
// Ordering

function compareBy<T>(...keys: ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

const SEVERITY_RANK = { error: "0", warning: "1" } as const;

/** Severity (errors first), rule id, object kind, object name, property (numbers as numbers); id and message break ties. */
export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  const before = compareBy<AuditFinding>(
    (f) => SEVERITY_RANK[f.severity],
    (f) => f.ruleId,
    (f) => f.object.kind,
    (f) => f.object.name,
  );
  const after = compareBy<AuditFinding>(
    (f) => f.object.id,
    (f) => f.message,
  );
  return [...findings].sort((a, b) => before(a, b) || comparePaths(a.property, b.property) || after(a, b));
}

/**
 * One finding per problem: findings of one rule with the same message describe one state of the
 * instance (e.g. "3 active users have admin access", found on the admin policy and on each of its
 * links); the first keeps the others in `alsoOn`.
 */
export function oneFindingPerProblem(findings: readonly AuditFinding[]): AuditFinding[] {
  const first = new Map<string, { finding: AuditFinding; alsoOn: AuditObject[] }>();
  for (const finding of sortFindings(findings)) {
    const key = `${finding.ruleId}\u0000${finding.message}`;
    const seen = first.get(key);
    if (seen) {
      if (!sameObject(seen.finding.object, finding.object)) seen.alsoOn.push(finding.object);
    } else first.set(key, { finding, alsoOn: [] });
  }
  return [...first.values()].map(({ finding, alsoOn }) => (alsoOn.length > 0 ? { ...finding, alsoOn } : finding));
}

const byNameThenId = compareBy<{ name: string; id: string }>(
  (x) => x.name,
  (x) => x.id,
);

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

// ---------------------------------------------------------------------------------------------------
// Permission matrix

interface Grant {
  readonly policy: string;
  readonly permission: NormalizedPermission;
}

const NO_ACCESS: MatrixCell = { access: "none" };

function accessOf(permissions: readonly NormalizedPermission[]): MatrixAccess {
  if (permissions.some((p) => allFields(p) && p.filter === null)) return "full";
  const everyItem = permissions.some((p) => p.filter === null);
  const everyField = permissions.some(allFields);
  if (everyItem && !everyField) return "fields";
  if (everyField && !everyItem) return "filter";
  return "fields+filter";
}

/** What the grants for one collection and action add up to, the way Directus merges policies. */
function cellOf(grants: readonly Grant[]): MatrixCell {
  if (grants.length === 0) return NO_ACCESS;
  const permissions = grants.map((g) => g.permission);
  return {
    access: accessOf(permissions),
    fields: permissions.some(allFields) ? ["*"] : sortedUnique(permissions.flatMap((p) => grantedFields(p))),
    validation: permissions.some((p) => p.validation !== null),
    presets: permissions.some((p) => p.presets !== null),
    policies: sortedUnique(grants.map((g) => g.policy)),
  };
}

function rowCells(
  policies: readonly ModelPolicy[],
  collections: readonly string[],
): Record<string, Record<PermissionAction, MatrixCell>> {
  const grants = new Map<string, Map<PermissionAction, Grant[]>>();
  for (const policy of policies) {
    for (const permission of policy.permissions) {
      const byAction = grants.get(permission.collection) ?? new Map<PermissionAction, Grant[]>();
      byAction.set(permission.action, [...(byAction.get(permission.action) ?? []), { policy: policy.id, permission }]);
      grants.set(permission.collection, byAction);
    }
  }
  // fromEntries defines own properties, so no collection name can reach the object's prototype.
  return Object.fromEntries(
    collections.map((collection) => {
      const byAction = grants.get(collection);
      const cells = Object.fromEntries(
        PERMISSION_ACTIONS.map((action) => [action, cellOf(byAction?.get(action) ?? [])]),
      ) as Record<PermissionAction, MatrixCell>;
      return [collection, cells];
    }),
  );
}

function matrixRow(
  head: { kind: MatrixRowKind; id: string; name: string },
  policies: readonly ModelPolicy[],
  collections: readonly string[],
): MatrixRow {
  return {
    ...head,
    policies: sortedUnique(policies.map((p) => p.id)),
    adminAccess: policies.some((p) => p.adminAccess),
    appAccess: policies.some((p) => p.appAccess),
    cells: rowCells(policies, collections),
  };
}

function matrixCollections(model: InstanceModel): string[] {
  const named = model.policies.flatMap((p) => p.permissions.map((permission) => permission.collection));
  return sortedUnique([...named, ...Object.keys(model.fields)]);
}

/** Public access, every role (its own and its ancestors' policies together) and every policy. */
export function permissionMatrix(model: InstanceModel): PermissionMatrix {
  const collections = matrixCollections(model);
  const policyById = new Map(model.policies.map((p) => [p.id, p]));
  const policiesOf = (ids: Iterable<string>): ModelPolicy[] =>
    [...ids].flatMap((id) => {
      const policy = policyById.get(id);
      return policy ? [policy] : [];
    });
  const facts = factsOf(model);
  const publicRow = matrixRow(
    { kind: "PublicAccess", id: "public", name: "Public access" },
    policiesOf(model.publicLinks.map((l) => l.policy)),
    collections,
  );
  const roleRows = [...model.roles]
    .sort(byNameThenId)
    .map((role) =>
      matrixRow(
        { kind: "Role", id: role.id, name: role.name },
        policiesOf(policiesOfRole(facts, role.id)),
        collections,
      ),
    );
  const policyRows = [...model.policies]
    .sort(byNameThenId)
    .map((policy) => matrixRow({ kind: "Policy", id: policy.id, name: policy.name }, [policy], collections));
  return { collections, actions: [...PERMISSION_ACTIONS], rows: [publicRow, ...roleRows, ...policyRows] };
}

// ---------------------------------------------------------------------------------------------------
// Shared rendering pieces

export const MATRIX_LEGEND =
  "full = every field of every item; fields = listed fields only; filter = only items matching a filter; " +
  "fields+filter = limited both ways; +v = payloads validated; +p = presets; - = no access; " +
  "admin = admin access, which bypasses permissions.";

export function cellMark(cell: MatrixCell): string {
  if (cell.access === "none") return "-";
  return `${cell.access}${cell.validation ? "+v" : ""}${cell.presets ? "+p" : ""}`;
}

function hasAccess(cells: Readonly<Record<PermissionAction, MatrixCell>>): boolean {
  return PERMISSION_ACTIONS.some((action) => cells[action].access !== "none");
}

/** One line per collection the row reaches: `[collection, ...marks]`; a single line when it reaches none. */
function matrixLines(row: MatrixRow, collections: readonly string[]): string[][] {
  if (row.adminAccess) return [["(all)", ...PERMISSION_ACTIONS.map(() => "admin")]];
  const lines = collections.flatMap((collection) => {
    const cells = row.cells[collection];
    if (!cells || !hasAccess(cells)) return [];
    return [[collection, ...PERMISSION_ACTIONS.map((action) => cellMark(cells[action]))]];
  });
  return lines.length > 0 ? lines : [["(none)", ...PERMISSION_ACTIONS.map(() => "-")]];
}

const ROW_KIND_LABEL: Record<MatrixRowKind, string> = { PublicAccess: "", Role: "Role: ", Policy: "Policy: " };

/** `Role: Editors`, with the id added when another row of the same kind has the same name. */
function rowLabel(row: MatrixRow, rows: readonly MatrixRow[]): string {
  if (row.kind === "PublicAccess") return row.name;
  const ambiguous = rows.some((other) => other !== row && other.kind === row.kind && other.name === row.name);
  return `${ROW_KIND_LABEL[row.kind]}${row.name}${ambiguous ? ` (${row.id})` : ""}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export interface AuditSummary {
  readonly errors: number;
  readonly warnings: number;
}

export function summarize(findings: readonly AuditFinding[]): AuditSummary {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

function summaryText(summary: AuditSummary): string {
  if (summary.errors + summary.warnings === 0) return "No findings.";
  return `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}.`;
}

/** Adds a full stop unless the text already ends a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function objectText(object: AuditObject): string {
  return `${object.kind} "${object.name}" (${object.id})`;
}

// ---------------------------------------------------------------------------------------------------
// text

function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** Terminal width the text report keeps to. */
export const TEXT_WIDTH = 100;

/** Wraps text at spaces to `width`, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)?.[0] ?? "";
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(/ +/)) {
    const candidate = line.trim() === "" ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > width && line.trim() !== "") {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  if (line.trim() !== "") lines.push(line);
  return lines;
}

/** Findings of one rule on one object. */
interface FindingGroup {
  readonly rule: string;
  readonly object: AuditObject;
  readonly members: readonly AuditFinding[];
}

function sameObject(a: AuditObject, b: AuditObject): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function groupFindings(findings: readonly AuditFinding[]): FindingGroup[] {
  const groups: FindingGroup[] = [];
  for (const finding of findings) {
    const last = groups.at(-1);
    if (last && last.rule === finding.ruleId && sameObject(last.object, finding.object)) {
      (last.members as AuditFinding[]).push(finding);
    } else groups.push({ rule: finding.ruleId, object: finding.object, members: [finding] });
  }
  return groups;
}

/** How many property paths a folded group lists before saying how many more there are. */
const FOLDED_PATHS = 8;

function alsoOnText(finding: AuditFinding): string {
  if (!finding.alsoOn || finding.alsoOn.length === 0) return "";
  const shown = finding.alsoOn.slice(0, 3).map((o) => `${o.kind} "${o.name}"`);
  const more = finding.alsoOn.length > shown.length ? ` and ${finding.alsoOn.length - shown.length} more` : "";
  return ` (also reported on ${shown.join(", ")}${more})`;
}

/** One group: the object with a count, its first finding, the other paths folded into one line. */
function textGroup(group: FindingGroup): string[] {
  const [first, ...rest] = group.members;
  if (!first) return [];
  const count = group.members.length > 1 ? ` - ${group.members.length} findings` : "";
  const lines = wrap(plain(`  ${objectText(group.object)}${count}`), TEXT_WIDTH, "      ");
  const at = first.property === "" ? "" : `${first.property}: `;
  lines.push(...wrap(plain(`    ${at}${sentence(first.message)}${alsoOnText(first)}`), TEXT_WIDTH, "      "));
  if (rest.length > 0) {
    const paths = rest.slice(0, FOLDED_PATHS).map((f) => f.property || "(object)");
    const more = rest.length > paths.length ? `, and ${rest.length - paths.length} more` : "";
    lines.push(...wrap(plain(`    also at ${paths.join(", ")}${more}`), TEXT_WIDTH, "      "));
  }
  return lines;
}

function textFindings(findings: readonly AuditFinding[]): string[] {
  const rules = new Map(SECURITY_RULES.map((rule) => [rule.id, rule]));
  const section = (title: string, severity: AuditFinding["severity"]): string[] => {
    const members = findings.filter((f) => f.severity === severity);
    if (members.length === 0) return [];
    const lines = [`${title} (${members.length})`];
    const groups = groupFindings(members);
    for (const [index, group] of groups.entries()) {
      if (index === 0 || groups[index - 1]?.rule !== group.rule) {
        const rule = rules.get(group.rule);
        const total = members.filter((f) => f.ruleId === group.rule).length;
        lines.push(
          "",
          ...wrap(`${group.rule} ${rule?.name ?? ""} (${total}): ${rule?.rationale ?? ""}`, TEXT_WIDTH, "  "),
          ...wrap(plain(`  Fix: ${rule?.remediation ?? ""}`), TEXT_WIDTH, "       "),
        );
      }
      lines.push(...textGroup(group));
    }
    return [...lines, ""];
  };
  return [...section("Errors", "error"), ...section("Warnings", "warning")];
}

function textMatrix(matrix: PermissionMatrix): string[] {
  const rows = matrix.rows.flatMap((row) => {
    const label = plain(rowLabel(row, matrix.rows));
    return matrixLines(row, matrix.collections).map((line) => [label, ...line.map(plain)]);
  });
  return ["Permission matrix", `Legend: ${MATRIX_LEGEND}`, "", ...alignedTable(matrixHeader(), rows)];
}

function matrixHeader(): string[] {
  return ["Who", "Collection", ...PERMISSION_ACTIONS];
}

function formatText(report: AuditReport, findings: readonly AuditFinding[]): string {
  const summary = summarize(findings);
  return [
    plain(`Directus security audit of ${report.instance.url} (Directus ${report.instance.version})`),
    "",
    ...textFindings(findings),
    `Summary: ${summaryText(summary)}`,
    "",
    ...textMatrix(report.matrix),
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// markdown

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}

function markdownFindings(findings: readonly AuditFinding[]): string[] {
  if (findings.length === 0) return ["No findings."];
  const rows = groupFindings(findings).map((group) => {
    const [first] = group.members;
    const more = group.members.length - 1;
    const where = `${first?.property ?? ""}${
      more > 0
        ? ` (and ${more} more: ${group.members
            .slice(1, 1 + FOLDED_PATHS)
            .map((f) => f.property)
            .join(", ")}${more > FOLDED_PATHS ? ", ..." : ""})`
        : ""
    }`;
    return [
      first?.severity ?? "",
      `${group.rule} ${first?.ruleName ?? ""}`,
      objectText(group.object),
      where,
      `${sentence(first?.message ?? "")}${first ? alsoOnText(first) : ""}`,
      first?.remediation ?? "",
    ].map(escapeCell);
  });
  return markdownTable(["Severity", "Rule", "Object", "Property", "Finding", "Fix"], rows);
}

const ROW_GROUPS: readonly { kind: MatrixRowKind; title: string }[] = [
  { kind: "PublicAccess", title: "Public access" },
  { kind: "Role", title: "Roles" },
  { kind: "Policy", title: "Policies" },
];

function markdownMatrixGroup(matrix: PermissionMatrix, kind: MatrixRowKind, title: string): string[] {
  const members = matrix.rows.filter((row) => row.kind === kind);
  if (members.length === 0) return [`### ${title}`, "", "None.", ""];
  const rows = members.flatMap((row) => {
    const label = rowLabel(row, matrix.rows);
    return matrixLines(row, matrix.collections).map((line) => [label, ...line].map(escapeCell));
  });
  return [`### ${title}`, "", ...markdownTable(matrixHeader(), rows), ""];
}

function formatMarkdown(report: AuditReport, findings: readonly AuditFinding[]): string {
  const { url, version } = report.instance;
  return [
    "# Directus security audit",
    "",
    `Instance: ${escapeCell(url)} (Directus ${escapeCell(version)})`,
    "",
    `**Summary:** ${summaryText(summarize(findings))}`,
    "",
    "## Findings",
    "",
    ...markdownFindings(findings),
    "",
    "## Permission matrix",
    "",
    `Legend: ${escapeCell(MATRIX_LEGEND)}`,
    "",
    ...ROW_GROUPS.flatMap(({ kind, title }) => markdownMatrixGroup(report.matrix, kind, title)),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// json

/** The `--format json` document. Findings sorted as everywhere; `matrix` as `permissionMatrix` builds it. */
export interface AuditJson {
  readonly instance: { readonly url: string; readonly version: string };
  readonly summary: AuditSummary;
  readonly findings: readonly AuditFinding[];
  readonly matrix: PermissionMatrix;
}

export function auditJson(report: AuditReport): AuditJson {
  const findings = oneFindingPerProblem(report.findings);
  return {
    instance: { url: report.instance.url, version: report.instance.version },
    summary: summarize(findings),
    findings,
    matrix: report.matrix,
  };
}

// ---------------------------------------------------------------------------------------------------
// sarif

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const TOOL_NAME = "pulumi-directus";
export const TOOL_URI = "https://github.com/pulumi-directus/pulumi-directus";
/** Key of the partial fingerprint; bump the suffix if the hashed parts ever change. */
export const FINGERPRINT_KEY = "auditFinding/v1";

function ruleDescriptor(rule: SecurityRule): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.rationale },
    help: { text: rule.remediation },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ["security"] },
  };
}

/** Stable across runs and independent of wording: rule, object and property only. */
export function findingFingerprint(finding: AuditFinding): string {
  return createHash("sha256")
    .update([finding.ruleId, finding.object.id, finding.property].join("\u0000"))
    .digest("hex");
}

function logicalLocation(finding: AuditFinding): Sarif.LogicalLocation {
  const { kind, id, name } = finding.object;
  const property = finding.property === "" ? "" : `#${finding.property}`;
  return { name, fullyQualifiedName: `directus:${kind}/${id}${property}`, kind: "resource" };
}

function sarifResult(finding: AuditFinding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity,
    message: { text: `${sentence(finding.message)} Fix: ${finding.remediation}` },
    locations: [{ logicalLocations: [logicalLocation(finding)] }],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
    properties: { object: { ...finding.object }, property: finding.property },
  };
}

export function sarifLog(report: AuditReport, toolVersion: string): Sarif.Log {
  const ruleIndex = new Map(SECURITY_RULES.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            informationUri: TOOL_URI,
            rules: SECURITY_RULES.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, properties: { instance: { ...report.instance } } }],
        results: oneFindingPerProblem(report.findings).map((finding) => sarifResult(finding, ruleIndex)),
        properties: { instance: { ...report.instance } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// entry points

/** The report in `format`, ending with a newline (write it out as it is). */
export function formatAudit(report: AuditReport, format: AuditFormat, toolVersion: string): string {
  switch (format) {
    case "text":
      return formatText(report, oneFindingPerProblem(report.findings));
    case "markdown":
      return formatMarkdown(report, oneFindingPerProblem(report.findings));
    case "json":
      return `${JSON.stringify(auditJson(report), null, 2)}\n`;
    case "sarif":
      return `${JSON.stringify(sarifLog(report, toolVersion), null, 2)}\n`;
  }
}

/** 1 when a finding is at or above `failOn`, else 0. */
export function auditExitCode(report: AuditReport, failOn: FailOn): number {
  if (failOn === "never") return 0;
  const failing = report.findings.some((f) => failOn === "warning" || f.severity === "error");
  return failing ? 1 : 0;
}
