/** The report as Markdown for reviews and CI summaries: a findings table, then the matrix per kind of row. */

import { escapeCell } from "../markdown";
import {
  alsoOnText,
  type FindingGroup,
  FOLDED_PATHS,
  groupFindings,
  objectText,
  sentence,
  summaryText,
} from "./finding-text";
import { summarize } from "./findings";
import { MATRIX_LEGEND, matrixHeader, matrixLines, rowLabel } from "./matrix-lines";
import { policiesText } from "./principals";
import type { AuditFinding, AuditPrincipal, AuditReport, MatrixRowKind, PermissionMatrix } from "./types";

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}

/** The first finding's property, then `(and 2 more: permissions[1], permissions[2])` for the others. */
function groupProperties(group: FindingGroup): string {
  const [first] = group.members;
  const more = group.members.length - 1;
  if (more <= 0) return first?.property ?? "";
  const paths = group.members
    .slice(1, 1 + FOLDED_PATHS)
    .map((f) => f.property)
    .join(", ");
  return `${first?.property ?? ""} (and ${more} more: ${paths}${more > FOLDED_PATHS ? ", ..." : ""})`;
}

function findingRow(group: FindingGroup): string[] {
  const [first] = group.members;
  return [
    first?.severity ?? "",
    `${group.rule} ${first?.ruleName ?? ""}`,
    objectText(group.object),
    groupProperties(group),
    `${sentence(first?.message ?? "")}${first ? alsoOnText(first) : ""}`,
    first?.remediation ?? "",
  ].map(escapeCell);
}

export function markdownFindings(findings: readonly AuditFinding[]): string[] {
  if (findings.length === 0) return ["No findings."];
  const rows = groupFindings(findings).map(findingRow);
  return markdownTable(["Severity", "Rule", "Object", "Property", "Finding", "Fix"], rows);
}

const ROW_GROUPS: readonly { kind: MatrixRowKind; title: string }[] = [
  { kind: "PublicAccess", title: "Public access" },
  { kind: "Role", title: "Roles" },
  { kind: "User", title: "Users with more than their role, and service accounts" },
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

const ADMIN_CELL: Record<AuditPrincipal["admin"], string> = { holds: "holds", escalates: "**can escalate**", no: "no" };

/** One row per principal; the paths of those that can escalate, one per line of the cell. */
function markdownPrincipals(principals: readonly AuditPrincipal[]): string[] {
  const rows = principals.map((p) => [
    escapeCell(p.label),
    escapeCell(policiesText(p)),
    p.appAccess ? "yes" : "no",
    ADMIN_CELL[p.admin],
    p.admin === "escalates" ? p.adminPaths.map(escapeCell).join("<br>") : "",
  ]);
  return markdownTable(["Principal", "Policies", "App access", "Admin", "Paths to admin"], rows);
}

export function formatMarkdown(report: AuditReport, findings: readonly AuditFinding[]): string {
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
    "## Who can do what",
    "",
    ...markdownPrincipals(report.principals),
    "",
    "## Permission matrix",
    "",
    `Legend: ${escapeCell(MATRIX_LEGEND)}`,
    "",
    ...ROW_GROUPS.flatMap(({ kind, title }) => markdownMatrixGroup(report.matrix, kind, title)),
  ].join("\n");
}
