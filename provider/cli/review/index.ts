/**
 * `pulumi-directus review`: turns the output of `pulumi preview --json` into a Markdown summary for a
 * pull request, sorted by what matters to a reviewer: which changes widen access (public permissions,
 * admin or Studio access, 2FA turned off, IP restrictions lifted, weaker login settings, new policy
 * links and service accounts), which narrow it, and the security rules' findings.
 *
 * preview-json.ts describes what the preview JSON holds and what the review relies on.
 */

import { contextOf } from "./access-context";
import { changeOf, compareChanges, refusedWidenings } from "./changes";
import type { Direction } from "./effect";
import { findingsOf, isRefused } from "./findings";
import { formatReviewHtml } from "./html";
import { formatReview } from "./markdown";
import { reviewMatrix } from "./matrix";
import { parsePreview, readPreviewFile } from "./preview-json";
import { transitionsOf } from "./transitions";
import type { Review, ReviewChange } from "./types";

export { formatReviewHtml } from "./html";
export { formatReview } from "./markdown";
export { type ReviewMatrix, reviewMatrix } from "./matrix";
export { previewJson, readPreviewFile } from "./preview-json";
export type { Review, ReviewChange, ReviewFinding } from "./types";

/** Classifies the changes of a `pulumi preview --json` output and collects the security rules' findings. */
export function reviewPreview(previewJson: unknown): Review {
  const preview = parsePreview(previewJson);
  const transitions = transitionsOf(preview.steps ?? []);
  const context = contextOf(transitions);
  const lists: Record<Direction, ReviewChange[]> = { widened: [], narrowed: [], other: [] };
  for (const transition of transitions) {
    const { direction, change } = changeOf(transition, context);
    lists[direction].push(change);
  }
  const diagnostics = preview.diagnostics ?? [];
  const findings = findingsOf(diagnostics);
  const refused = isRefused(diagnostics);
  if (refused) lists.widened.push(...refusedWidenings(findings, lists.widened));
  for (const list of Object.values(lists)) list.sort(compareChanges);
  return {
    ...lists,
    findings,
    refused,
    counts: {
      widened: lists.widened.length,
      narrowed: lists.narrowed.length,
      other: lists.other.length,
      ...preview.changeSummary,
    },
  };
}

/** `pulumi-directus review --preview <file>`: the Markdown review of a saved `pulumi preview --json`. */
export function reviewPreviewFile(file: string): string {
  return formatReview(reviewPreview(readPreviewFile(file)));
}

/** The HTML review of a preview's JSON: the Markdown's content plus the matrix with the moved cells marked. */
export function reviewHtml(previewJson: unknown, toolVersion: string): string {
  return formatReviewHtml(reviewPreview(previewJson), reviewMatrix(parsePreview(previewJson).steps ?? []), toolVersion);
}
