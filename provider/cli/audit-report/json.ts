/** The report as JSON for scripts. */

import { type AuditSummary, oneFindingPerProblem, summarize } from "./findings";
import type { AuditFinding, AuditPrincipal, AuditReport, PermissionMatrix } from "./types";

/** The `--format json` document. Findings sorted as everywhere; `matrix` as `permissionMatrix` builds it. */
export interface AuditJson {
  readonly instance: { readonly url: string; readonly version: string };
  readonly summary: AuditSummary;
  readonly findings: readonly AuditFinding[];
  readonly matrix: PermissionMatrix;
  readonly principals: readonly AuditPrincipal[];
}

export function auditJson(report: AuditReport): AuditJson {
  const findings = oneFindingPerProblem(report.findings);
  return {
    instance: { url: report.instance.url, version: report.instance.version },
    summary: summarize(findings),
    findings,
    matrix: report.matrix,
    principals: report.principals,
  };
}
