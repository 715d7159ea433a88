/** The report as text for a terminal: findings grouped by rule and object, then the matrix as a table. */

import { SECURITY_RULES } from "../../rules/registry";
import type { SecurityRule } from "../../rules/types";
import { plain } from "../markdown";
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
import { principalSummary } from "./principals";
import type { AuditFinding, AuditPrincipal, AuditReport, PermissionMatrix } from "./types";

/** Terminal width the text report keeps to. */
export const TEXT_WIDTH = 100;

/** Indent of the lines a finding wraps onto. */
const CONTINUATION = "      ";

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

function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** `also at permissions[1], permissions[2], and 3 more` for the group's other findings. */
function foldedPaths(rest: readonly AuditFinding[]): string {
  const paths = rest.slice(0, FOLDED_PATHS).map((f) => f.property || "(object)");
  const more = rest.length > paths.length ? `, and ${rest.length - paths.length} more` : "";
  return `    also at ${paths.join(", ")}${more}`;
}

/** One group: the object with a count, its first finding, the other paths folded into one line. */
function textGroup(group: FindingGroup): string[] {
  const [first, ...rest] = group.members;
  if (!first) return [];
  const count = group.members.length > 1 ? ` - ${group.members.length} findings` : "";
  const lines = wrap(plain(`  ${objectText(group.object)}${count}`), TEXT_WIDTH, CONTINUATION);
  const at = first.property === "" ? "" : `${first.property}: `;
  lines.push(...wrap(plain(`    ${at}${sentence(first.message)}${alsoOnText(first)}`), TEXT_WIDTH, CONTINUATION));
  if (rest.length > 0) lines.push(...wrap(plain(foldedPaths(rest)), TEXT_WIDTH, CONTINUATION));
  return lines;
}

/** The rule's heading before its first group: id, name, how many findings, why it matters and the fix. */
function ruleHeading(ruleId: string, rule: SecurityRule | undefined, total: number): string[] {
  return [
    "",
    ...wrap(`${ruleId} ${rule?.name ?? ""} (${total}): ${rule?.rationale ?? ""}`, TEXT_WIDTH, "  "),
    ...wrap(plain(`  Fix: ${rule?.remediation ?? ""}`), TEXT_WIDTH, "       "),
  ];
}

function severitySection(
  findings: readonly AuditFinding[],
  title: string,
  severity: AuditFinding["severity"],
  rules: ReadonlyMap<string, SecurityRule>,
): string[] {
  const members = findings.filter((f) => f.severity === severity);
  if (members.length === 0) return [];
  const lines = [`${title} (${members.length})`];
  const groups = groupFindings(members);
  for (const [index, group] of groups.entries()) {
    if (index === 0 || groups[index - 1]?.rule !== group.rule) {
      const total = members.filter((f) => f.ruleId === group.rule).length;
      lines.push(...ruleHeading(group.rule, rules.get(group.rule), total));
    }
    lines.push(...textGroup(group));
  }
  return [...lines, ""];
}

export function textFindings(findings: readonly AuditFinding[]): string[] {
  const rules = new Map(SECURITY_RULES.map((rule) => [rule.id, rule]));
  return [
    ...severitySection(findings, "Errors", "error", rules),
    ...severitySection(findings, "Warnings", "warning", rules),
  ];
}

function textMatrix(matrix: PermissionMatrix): string[] {
  const rows = matrix.rows.flatMap((row) => {
    const label = plain(rowLabel(row, matrix.rows));
    return matrixLines(row, matrix.collections).map((line) => [label, ...line.map(plain)]);
  });
  return ["Permission matrix", `Legend: ${MATRIX_LEGEND}`, "", ...alignedTable(matrixHeader(), rows)];
}

/** Each principal on one line, then its paths to admin (every one, they are what to fix). */
function textPrincipals(principals: readonly AuditPrincipal[]): string[] {
  return [
    "Principals: who can reach what",
    ...principals.flatMap((principal) => [
      ...wrap(plain(`  ${principalSummary(principal)}`), TEXT_WIDTH, CONTINUATION),
      ...(principal.admin === "escalates"
        ? principal.adminPaths.flatMap((path) => wrap(plain(`    path: ${path}`), TEXT_WIDTH, CONTINUATION))
        : []),
    ]),
  ];
}

export function formatText(report: AuditReport, findings: readonly AuditFinding[]): string {
  const summary = summarize(findings);
  return [
    plain(`Directus security audit of ${report.instance.url} (Directus ${report.instance.version})`),
    "",
    ...textFindings(findings),
    `Summary: ${summaryText(summary)}`,
    "",
    ...textPrincipals(report.principals),
    "",
    ...textMatrix(report.matrix),
    "",
  ].join("\n");
}
