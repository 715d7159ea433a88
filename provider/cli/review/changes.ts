/** Changes for the reviewer: each transition in the direction of its widest effect, in a stable order. */

import { isKind, type Kind } from "../../model/kinds";
import { compareText } from "../../model/order";
import { SECURITY_RULES } from "../../rules/registry";
import type { Context } from "./access-context";
import type { Direction, Effect } from "./effect";
import { effectsOf } from "./effects";
import type { Transition } from "./transitions";
import type { ReviewChange, ReviewFinding } from "./types";

/** Kinds in the order a reviewer reads them: what reaches everyone first. */
const KIND_RANK: Record<Kind, number> = {
  PublicAccess: 0,
  Policy: 1,
  Permission: 2,
  PolicyAttachment: 3,
  ServiceAccount: 4,
  Role: 5,
  SecuritySettings: 6,
};

/** Other packages' resources come after this package's. */
const OTHER_KIND_RANK = Object.keys(KIND_RANK).length;

function kindRank(kind: string): number {
  return isKind(kind) ? KIND_RANK[kind] : OTHER_KIND_RANK;
}

export function compareChanges(a: ReviewChange, b: ReviewChange): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.urn, b.urn)
  );
}

const DIRECTION_ORDER: Record<Direction, number> = { widened: 0, narrowed: 1, other: 2 };

function widestDirection(effects: readonly Effect[]): Direction {
  return effects.reduce<Direction>(
    (widest, e) => (DIRECTION_ORDER[e.direction] < DIRECTION_ORDER[widest] ? e.direction : widest),
    "other",
  );
}

/** The headline first, then the widening effects, the narrowing ones and the others; each text once. */
function detailsOf(effects: readonly Effect[]): string[] {
  const rank = (e: Effect) => (e.headline ? -1 : DIRECTION_ORDER[e.direction]);
  return [...new Set([...effects].sort((a, b) => rank(a) - rank(b)).map((e) => e.text))];
}

/** The change goes where its widest effect is; its details list every effect, the widening ones first. */
export function changeOf(transition: Transition, context: Context): { direction: Direction; change: ReviewChange } {
  const effects = effectsOf(transition, context);
  const { urn, kind, name, op } = transition;
  return { direction: widestDirection(effects), change: { urn, kind, name, op, details: detailsOf(effects) } };
}

/** Rules whose findings are grants of access: in a refused preview, what the program would have widened. */
const WIDENING_RULES = new Set(SECURITY_RULES.filter((rule) => rule.grantsAccess).map((rule) => rule.id));

function isRefusedWidening(finding: ReviewFinding): boolean {
  return finding.severity === "error" && WIDENING_RULES.has(finding.ruleId ?? "");
}

/** `refused: permissions[0]: <the message's first sentence>`. */
function refusedDetail(finding: ReviewFinding): string {
  return `refused: ${finding.property ? `${finding.property}: ` : ""}${finding.message.split(". ")[0]}`;
}

/** `<Kind>:<name>` back into a change with no URN. */
function refusedChange(resource: string, details: readonly string[]): ReviewChange {
  const [kind = "", ...name] = resource.split(":");
  return { urn: "", kind, name: name.join(":"), op: "refused", details: [...new Set(details)] };
}

/**
 * What a refused program would widen, from its findings, for resources the plan does not show as
 * widened (the engine may stop before it plans them).
 */
export function refusedWidenings(findings: readonly ReviewFinding[], planned: readonly ReviewChange[]): ReviewChange[] {
  const shown = new Set(planned.map((c) => `${c.kind}:${c.name}`));
  const byResource = new Map<string, string[]>();
  for (const finding of findings) {
    if (!isRefusedWidening(finding) || !finding.resource || shown.has(finding.resource)) continue;
    byResource.set(finding.resource, [...(byResource.get(finding.resource) ?? []), refusedDetail(finding)]);
  }
  return [...byResource.entries()].map(([resource, details]) => refusedChange(resource, details));
}
