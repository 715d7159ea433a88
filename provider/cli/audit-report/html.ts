/**
 * The report as one self-contained HTML page: summary, findings by severity and rule (each linking to
 * its cell of the matrix or its principal), who can reach what with every path to admin, and the
 * permission matrix as a picture with filter boxes. `auditSection` is one instance's part, which the
 * fleet report repeats per instance.
 */

import { PERMISSION_ACTIONS, type PermissionAction } from "../../model/permissions";
import { anchorId, escapeHtml } from "../html/escape";
import { filtersHtml } from "../html/filters";
import { cellKey, matrixHtml, rowAnchor, rowKey } from "../html/matrix";
import { htmlPage } from "../html/page";
import { alsoOnText, objectText, plural, sentence, summaryText } from "./finding-text";
import { summarize } from "./findings";
import { policiesText } from "./principals";
import type { AuditFinding, AuditObject, AuditPrincipal, AuditReport, MatrixRow, MatrixRowKind } from "./types";

/** The matrix row that shows an object of a finding: public access, the role, the user or the policy. */
const ROW_OF_OBJECT: Readonly<Record<string, (object: AuditObject) => string | undefined>> = {
  PublicAccess: () => "PublicAccess:public",
  Policy: (o) => `Policy:${o.id}`,
  Role: (o) => `Role:${o.id}`,
  ServiceAccount: (o) => `User:${o.id}`,
};

/** `posts:create` as collection and action; undefined for a target that is not a permission. */
function permissionTarget(target: string): { collection: string; action: PermissionAction } | undefined {
  const split = target.lastIndexOf(":");
  if (split <= 0) return undefined;
  const action = target.slice(split + 1);
  if (!(PERMISSION_ACTIONS as readonly string[]).includes(action)) return undefined;
  return { collection: target.slice(0, split), action: action as PermissionAction };
}

interface Located {
  readonly finding: AuditFinding;
  readonly anchor: string;
  /** Where its link goes: the cell, the principal's column group, or nothing. */
  readonly href: string | undefined;
  readonly cell: string | undefined;
}

function locate(report: AuditReport, findings: readonly AuditFinding[], prefix: string): Located[] {
  const rows = report.matrix.rows;
  const rowIndex = new Map(rows.map((row, index) => [rowKey(row), index]));
  return findings.map((finding, index) => {
    const anchor = anchorId(prefix, "finding", index);
    const key = ROW_OF_OBJECT[finding.object.kind]?.(finding.object);
    const row = key === undefined ? undefined : rowIndex.get(key);
    if (key === undefined || row === undefined) return { finding, anchor, href: undefined, cell: undefined };
    const target = permissionTarget(finding.target);
    const collection = target ? report.matrix.collections.indexOf(target.collection) : -1;
    if (!target || collection < 0 || (rows[row] as MatrixRow).adminAccess) {
      return { finding, anchor, href: rowAnchor(prefix, row), cell: undefined };
    }
    const action = report.matrix.actions.indexOf(target.action);
    return {
      finding,
      anchor,
      href: anchorId(prefix, "cell", row, collection, action),
      cell: cellKey(key, target.collection, target.action),
    };
  });
}

function findingItem({ finding, anchor, href }: Located): string {
  const words = `${finding.ruleId} ${finding.ruleName} ${objectText(finding.object)} ${finding.property} ${finding.message}`;
  const link = href ? ` <a href="#${href}">show in the matrix</a>` : "";
  return [
    `<li id="${anchor}" data-finding="${escapeHtml(words.toLowerCase())}">`,
    `<strong>${escapeHtml(objectText(finding.object))}</strong>`,
    finding.property ? ` <code>${escapeHtml(finding.property)}</code>` : "",
    `: ${escapeHtml(sentence(finding.message))}${escapeHtml(alsoOnText(finding))}${link}`,
    `<br><span class="where">Fix: ${escapeHtml(finding.remediation)}</span>`,
    "</li>",
  ].join("");
}

function findingsHtml(located: readonly Located[]): string {
  if (located.length === 0) return "<p>No findings.</p>";
  const parts: string[] = [];
  for (const severity of ["error", "warning"] as const) {
    const ofSeverity = located.filter((l) => l.finding.severity === severity);
    if (ofSeverity.length === 0) continue;
    parts.push(
      `<h3 class="sev-${severity}">${severity === "error" ? "Errors" : "Warnings"} (${ofSeverity.length})</h3>`,
    );
    const rules = [...new Set(ofSeverity.map((l) => l.finding.ruleId))];
    for (const rule of rules) {
      const members = ofSeverity.filter((l) => l.finding.ruleId === rule);
      const first = members[0]?.finding as AuditFinding;
      parts.push(
        `<details open><summary><strong>${escapeHtml(rule)} ${escapeHtml(first.ruleName)}</strong> (${members.length})</summary>`,
        `<p class="where">${escapeHtml(first.rationale)}</p>`,
        `<ul class="findings">${members.map(findingItem).join("")}</ul></details>`,
      );
    }
  }
  return parts.join("\n");
}

const ADMIN_HTML: Record<AuditPrincipal["admin"], string> = {
  holds: '<strong class="sev-warning">holds admin access</strong>',
  escalates: '<strong class="sev-error">can make itself admin</strong>',
  no: "no",
};

const MATRIX_KIND: Record<AuditPrincipal["kind"], MatrixRowKind | undefined> = {
  public: "PublicAccess",
  registration: undefined,
  role: "Role",
  user: "User",
};

function principalsHtml(report: AuditReport, prefix: string): string {
  const rowIndex = new Map(report.matrix.rows.map((row, index) => [rowKey(row), index]));
  const rows = report.principals.map((p) => {
    const kind = MATRIX_KIND[p.kind];
    const index = kind === undefined ? undefined : rowIndex.get(`${kind}:${p.id}`);
    const label =
      index === undefined ? escapeHtml(p.label) : `<a href="#${rowAnchor(prefix, index)}">${escapeHtml(p.label)}</a>`;
    const paths = p.adminPaths.map((path) => `<span class="path">${escapeHtml(path)}</span>`).join("");
    return `<tr><th scope="row">${label}</th><td>${escapeHtml(policiesText(p))}</td><td>${p.appAccess ? "yes" : "no"}</td><td>${ADMIN_HTML[p.admin]}</td><td>${p.admin === "escalates" ? paths : ""}</td></tr>`;
  });
  return `<div class="scroll" tabindex="0" role="region" aria-label="Principals"><table class="plain"><thead><tr><th scope="col">Principal</th><th scope="col">Policies</th><th scope="col">App access</th><th scope="col">Admin</th><th scope="col">Paths to admin</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** `<strong>2</strong> errors`. */
function strongCount(count: number, noun: string): string {
  return plural(count, noun).replace(/^\d+/, (n) => `<strong>${n}</strong>`);
}

function summaryHtml(findings: readonly AuditFinding[], report: AuditReport): string {
  const { errors, warnings } = summarize(findings);
  const admins = report.principals.filter((p) => p.admin !== "no").length;
  return [
    `<ul class="summary" aria-label="Summary">`,
    `<li class="sev-error">${strongCount(errors, "error")}</li>`,
    `<li class="sev-warning">${strongCount(warnings, "warning")}</li>`,
    `<li>${strongCount(admins, "principal")} reaching admin</li>`,
    `<li><strong>${report.matrix.collections.length}</strong> collections, <strong>${report.matrix.rows.length}</strong> principals and policies in the matrix</li>`,
    "</ul>",
  ].join("");
}

/**
 * One instance's report as a `<section data-report>`; `prefix` keeps its anchors apart from other
 * sections of the same page, `heading` is its title's level (1 alone, 2 inside a fleet report).
 */
export function auditSection(
  report: AuditReport,
  findings: readonly AuditFinding[],
  options: { prefix: string; title: string; heading: 1 | 2 },
): string {
  const { prefix, heading } = options;
  const sub = heading + 1;
  const located = locate(report, findings, prefix);
  const marks = new Map(located.flatMap((l) => (l.cell ? [[l.cell, l.anchor] as const] : [])).reverse());
  const section = (id: string, title: string, body: string) =>
    `<section aria-labelledby="${anchorId(prefix, id)}"><h${sub} id="${anchorId(prefix, id)}">${title}</h${sub}>${body}</section>`;
  return [
    `<section class="report" data-report id="${prefix}">`,
    `<h${heading}>${escapeHtml(options.title)}</h${heading}>`,
    `<p class="meta">Instance ${escapeHtml(report.instance.url)}, Directus ${escapeHtml(report.instance.version)}. ${escapeHtml(summaryText(summarize(findings)))}</p>`,
    summaryHtml(findings, report),
    `<nav aria-label="Sections"><ul><li><a href="#${anchorId(prefix, "findings")}">Findings</a></li><li><a href="#${anchorId(prefix, "principals")}">Who can do what</a></li><li><a href="#${anchorId(prefix, "matrix")}">Permission matrix</a></li></ul></nav>`,
    filtersHtml(prefix, "report"),
    section("findings", "Findings", findingsHtml(located)),
    section("principals", "Who can do what", principalsHtml(report, prefix)),
    section("matrix", "Permission matrix", matrixHtml(report.matrix, prefix, { findings: marks })),
    "</section>",
  ].join("\n");
}

export function formatHtml(report: AuditReport, findings: readonly AuditFinding[], toolVersion: string): string {
  const title = `Directus security audit: ${report.instance.url}`;
  return htmlPage({
    title,
    body: `${auditSection(report, findings, { prefix: "audit", title, heading: 1 })}\n<p class="meta">pulumi-directus ${escapeHtml(toolVersion)}</p>`,
  });
}
