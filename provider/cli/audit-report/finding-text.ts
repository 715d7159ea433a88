/** Findings in words, shared by the renderers: summary, sentences, objects and groups of findings. */

import { type AuditSummary, sameObject } from "./findings";
import type { AuditFinding, AuditObject } from "./types";

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function summaryText(summary: AuditSummary): string {
  if (summary.errors + summary.warnings === 0) return "No findings.";
  return `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}.`;
}

/** Adds a full stop unless the text already ends a sentence. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function objectText(object: AuditObject): string {
  return `${object.kind} "${object.name}" (${object.id})`;
}

/** Findings of one rule on one object. */
export interface FindingGroup {
  readonly rule: string;
  readonly object: AuditObject;
  readonly members: readonly AuditFinding[];
}

/** Consecutive findings of the same rule on the same object, as one group. */
export function groupFindings(findings: readonly AuditFinding[]): FindingGroup[] {
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
export const FOLDED_PATHS = 8;

/** ` (also reported on Policy "a", Role "b" and 2 more)`, or nothing. */
export function alsoOnText(finding: AuditFinding): string {
  if (!finding.alsoOn || finding.alsoOn.length === 0) return "";
  const shown = finding.alsoOn.slice(0, 3).map((o) => `${o.kind} "${o.name}"`);
  const more = finding.alsoOn.length > shown.length ? ` and ${finding.alsoOn.length - shown.length} more` : "";
  return ` (also reported on ${shown.join(", ")}${more})`;
}
