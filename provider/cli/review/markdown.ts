/** The review as Markdown for a pull-request comment. */

import { escapeMarkdown } from "../markdown";
import type { Review, ReviewChange, ReviewFinding } from "./types";

/** A code span that holds any text, backticks included. */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The verdict as a headline and a sentence, in plain words (the renderers add their emphasis). */
export function verdictOf(review: Review): { readonly headline: string; readonly text: string } {
  if (review.refused) {
    return {
      headline: "Refused.",
      text: "pulumi-directus refused this program: 'pulumi up' applies nothing until the errors below are fixed (or acknowledged, where the rule allows it). The plan below may stop short of the whole change.",
    };
  }
  if (review.widened.length > 0) {
    return {
      headline: "Widens access.",
      text: `${review.widened.length} change(s) grant more access: review them before merging.`,
    };
  }
  if (review.narrowed.length > 0) {
    return { headline: "Narrows access only.", text: "Nothing in this change grants more access." };
  }
  return { headline: "No access change.", text: "" };
}

function markdownVerdict(review: Review): string {
  const { headline, text } = verdictOf(review);
  return `**${headline}**${text ? ` ${text.replace("'pulumi up'", "`pulumi up`")}` : ""}`;
}

const OPERATION_COLUMNS = ["create", "update", "replace", "delete", "same"];
const DIRECTION_COLUMNS = ["widened", "narrowed", "other"];

/** The usual operations, then any other the engine counted, by name. */
function operationColumns(review: Review): string[] {
  const others = Object.keys(review.counts)
    .filter((key) => ![...OPERATION_COLUMNS, ...DIRECTION_COLUMNS].includes(key))
    .sort();
  return [...OPERATION_COLUMNS, ...others];
}

function columnTitle(key: string): string {
  return key === "same" ? "Unchanged" : `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

function countsTable(review: Review): string[] {
  const columns = [...DIRECTION_COLUMNS, ...operationColumns(review)];
  return [
    `| ${columns.map(columnTitle).join(" | ")} |`,
    `| ${columns.map(() => "---:").join(" | ")} |`,
    `| ${columns.map((key) => String(review.counts[key] ?? 0)).join(" | ")} |`,
  ];
}

function changeLines(change: ReviewChange): string[] {
  return [
    `- **${escapeMarkdown(change.kind)}** ${code(change.name)} (${escapeMarkdown(change.op)})`,
    ...change.details.map((detail) => `  - ${escapeMarkdown(detail)}`),
  ];
}

function section(title: string, intro: string | undefined, changes: readonly ReviewChange[]): string[] {
  if (changes.length === 0) return [];
  return ["", `### ${title}`, "", ...(intro ? [intro, ""] : []), ...changes.flatMap(changeLines)];
}

function findingLine(finding: ReviewFinding): string {
  const rule = finding.ruleId ? `${code(`${finding.ruleId} ${finding.ruleName ?? ""}`.trim())} ` : "";
  const where = [
    finding.resource ? code(finding.resource) : undefined,
    finding.property ? code(finding.property) : undefined,
  ].filter((part) => part !== undefined);
  const location = where.length > 0 ? ` ${where.join(" ")}:` : "";
  return `- **${escapeMarkdown(finding.severity)}** ${rule}—${location} ${escapeMarkdown(finding.message)}`;
}

function findingsSection(findings: readonly ReviewFinding[]): string[] {
  if (findings.length === 0) return [];
  return ["", "### Rule findings", "", ...findings.map(findingLine)];
}

const WIDENED_INTRO = "> [!WARNING]\n> **These changes grant more access. Check each one before merging.**";

/** The review as Markdown for a pull-request comment. */
export function formatReview(review: Review): string {
  const lines = [
    "## pulumi-directus review",
    "",
    markdownVerdict(review),
    "",
    ...countsTable(review),
    ...section("Access widened", WIDENED_INTRO, review.widened),
    ...section("Access narrowed", undefined, review.narrowed),
    ...section("Other changes", undefined, review.other),
    ...findingsSection(review.findings),
  ];
  return `${lines.join("\n")}\n`;
}
