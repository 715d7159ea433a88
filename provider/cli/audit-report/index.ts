/**
 * The output side of `pulumi-directus audit`: findings and a permission matrix of one instance, rendered
 * as text (terminals), Markdown (reviews, CI summaries), JSON (scripts), SARIF (code scanning) or HTML
 * (people: one self-contained page), plus
 * the exit code for `--fail-on`. Every renderer sorts the same way, so one instance gives one output.
 */

import { oneFindingPerProblem } from "./findings";
import { formatHtml } from "./html";
import { auditJson } from "./json";
import { formatMarkdown } from "./markdown";
import { sarifLog } from "./sarif";
import { formatText } from "./text";
import type { AuditFormat, AuditReport, FailOn } from "./types";

export { type AuditSummary, oneFindingPerProblem, sortFindings, summarize } from "./findings";
export { auditSection } from "./html";
export { type AuditJson, auditJson } from "./json";
export { permissionMatrix } from "./matrix";
export { cellMark, MATRIX_LEGEND } from "./matrix-lines";
export { auditPrincipals } from "./principals";
export { FINGERPRINT_KEY, findingFingerprint, SARIF_SCHEMA, sarifLog, TOOL_NAME, TOOL_URI } from "./sarif";
export { TEXT_WIDTH, wrap } from "./text";
export type {
  AuditFinding,
  AuditFormat,
  AuditObject,
  AuditPrincipal,
  AuditReport,
  FailOn,
  MatrixAccess,
  MatrixCell,
  MatrixRow,
  MatrixRowKind,
  PermissionMatrix,
} from "./types";
export { AUDIT_FORMATS } from "./types";

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
    case "html":
      return formatHtml(report, oneFindingPerProblem(report.findings), toolVersion);
  }
}

/** 1 when a finding is at or above `failOn`, else 0. */
export function auditExitCode(report: AuditReport, failOn: FailOn): number {
  if (failOn === "never") return 0;
  const failing = report.findings.some((f) => failOn === "warning" || f.severity === "error");
  return failing ? 1 : 0;
}
