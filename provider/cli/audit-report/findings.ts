/** Findings in report order, one per problem, and their count by severity. */

import { comparePaths } from "../../model/order";
import { compareBy } from "./ordering";
import type { AuditFinding, AuditObject } from "./types";

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

export function sameObject(a: AuditObject, b: AuditObject): boolean {
  return a.kind === b.kind && a.id === b.id;
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

export interface AuditSummary {
  readonly errors: number;
  readonly warnings: number;
}

export function summarize(findings: readonly AuditFinding[]): AuditSummary {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}
