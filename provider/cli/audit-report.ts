/**
 * The output side of `pulumi-directus audit`: findings and a permission matrix of one instance, and their
 * renderers. The implementation lives in audit-report/ (audit-report/index.ts describes it); this module
 * keeps its public API.
 */

export {
  AUDIT_FORMATS,
  type AuditFinding,
  type AuditFormat,
  type AuditJson,
  type AuditObject,
  type AuditPrincipal,
  type AuditReport,
  type AuditSummary,
  auditExitCode,
  auditJson,
  auditPrincipals,
  auditSection,
  cellMark,
  type FailOn,
  FINGERPRINT_KEY,
  findingFingerprint,
  formatAudit,
  MATRIX_LEGEND,
  type MatrixAccess,
  type MatrixCell,
  type MatrixRow,
  type MatrixRowKind,
  oneFindingPerProblem,
  type PermissionMatrix,
  permissionMatrix,
  SARIF_SCHEMA,
  sarifLog,
  sortFindings,
  summarize,
  TEXT_WIDTH,
  TOOL_NAME,
  TOOL_URI,
  wrap,
} from "./audit-report/index";
