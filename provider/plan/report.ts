/**
 * How the judgement's findings are printed: each once, and the findings of one rule on one resource
 * as one line (the count, the first few with their property, the rule's rationale and fix once),
 * so a program with hundreds of similar rows reads in a screen.
 */
import { comparePaths } from "../model/order";
import type { Finding } from "../rules/types";

/** A finding as the judgement keeps it: on a resource, with the rule's finding as data when a rule made it. */
export interface ReportedFinding<R> {
  readonly resource: R;
  readonly property: string;
  readonly text: string;
  readonly effect: "error" | "warning";
  readonly finding?: Finding | undefined;
}

export interface ReportLine<R> {
  readonly resource: R;
  readonly property: string;
  readonly text: string;
  readonly effect: "error" | "warning";
}

/** How many findings of one group are spelled out before the rest is counted. */
export const SHOWN_PER_GROUP = 3;

function groupKey<R>(f: ReportedFinding<R>, resourceKey: (r: R) => string): string | undefined {
  if (!f.finding) return undefined;
  return [resourceKey(f.resource), f.finding.rule.id, f.effect, f.finding.acknowledged ?? ""].join("\u0000");
}

function groupLine<R>(members: readonly ReportedFinding<R>[]): ReportLine<R> {
  const sorted = [...members].sort((a, b) => comparePaths(a.property, b.property));
  const first = sorted[0] as ReportedFinding<R> & { finding: Finding };
  if (sorted.length === 1) return first;
  const { rule, acknowledged } = first.finding;
  const shown = sorted
    .slice(0, SHOWN_PER_GROUP)
    .map((f) => `${f.property}: ${f.finding?.message ?? f.text}`)
    .join("; ");
  const more = sorted.length > SHOWN_PER_GROUP ? `; and ${sorted.length - SHOWN_PER_GROUP} more` : "";
  const head = `[${rule.id} ${rule.name}]${acknowledged === undefined ? "" : " acknowledged:"} ${sorted.length} findings: ${shown}${more}`;
  const tail =
    acknowledged === undefined ? ` ${rule.rationale} Fix: ${rule.remediation}` : ` - reason: ${acknowledged}`;
  return { resource: first.resource, property: first.property, effect: first.effect, text: `${head}.${tail}` };
}

/** The lines to print, in the order the findings came, one per finding or per group of one rule on one resource. */
export function reportLines<R>(
  findings: readonly ReportedFinding<R>[],
  resourceKey: (resource: R) => string,
): ReportLine<R>[] {
  const groups = new Map<string, ReportedFinding<R>[]>();
  const order: (string | ReportedFinding<R>)[] = [];
  for (const finding of findings) {
    const key = groupKey(finding, resourceKey);
    if (key === undefined) {
      order.push(finding);
      continue;
    }
    const group = groups.get(key);
    if (group) group.push(finding);
    else {
      groups.set(key, [finding]);
      order.push(key);
    }
  }
  return order.map((entry) => (typeof entry === "string" ? groupLine(groups.get(entry) ?? []) : entry));
}
