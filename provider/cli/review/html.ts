/**
 * The review as one self-contained HTML page, for a CI artifact beside the Markdown comment: the
 * verdict, the changes by their effect on access, the rules' findings, and the program's permission
 * matrix with every cell the change widens or narrows marked.
 */

import { anchorId, escapeHtml } from "../html/escape";
import { filtersHtml } from "../html/filters";
import { matrixHtml } from "../html/matrix";
import { htmlPage } from "../html/page";
import { verdictOf } from "./markdown";
import type { ReviewMatrix } from "./matrix";
import type { Review, ReviewChange, ReviewFinding } from "./types";

const PREFIX = "review";

function changeItem(change: ReviewChange): string {
  const details = change.details.map((d) => `<li>${escapeHtml(d)}</li>`).join("");
  return `<li><strong>${escapeHtml(change.kind)}</strong> <code>${escapeHtml(change.name)}</code> (${escapeHtml(change.op)})${details ? `<ul>${details}</ul>` : ""}</li>`;
}

function changeSection(id: string, title: string, changes: readonly ReviewChange[]): string {
  if (changes.length === 0) return "";
  return `<section aria-labelledby="${anchorId(PREFIX, id)}"><h2 id="${anchorId(PREFIX, id)}">${title} (${changes.length})</h2><ul>${changes.map(changeItem).join("")}</ul></section>`;
}

function findingItem(finding: ReviewFinding): string {
  const rule = finding.ruleId
    ? `<strong>${escapeHtml(`${finding.ruleId} ${finding.ruleName ?? ""}`.trim())}</strong> `
    : "";
  const where = [finding.resource, finding.property].filter((w): w is string => w !== undefined);
  const words = `${finding.severity} ${finding.ruleId ?? ""} ${where.join(" ")} ${finding.message}`.toLowerCase();
  return `<li data-finding="${escapeHtml(words)}"><span class="sev-${finding.severity === "error" ? "error" : "warning"}">${escapeHtml(finding.severity)}</span> ${rule}${where.map((w) => `<code>${escapeHtml(w)}</code>`).join(" ")}${where.length > 0 ? ": " : ""}${escapeHtml(finding.message)}</li>`;
}

function countsTable(review: Review): string {
  const keys = Object.keys(review.counts);
  const head = keys.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join("");
  const cells = keys.map((k) => `<td>${review.counts[k] ?? 0}</td>`).join("");
  return `<table class="plain"><caption class="sr">Changes by effect and operation</caption><thead><tr>${head}</tr></thead><tbody><tr>${cells}</tr></tbody></table>`;
}

const CHANGE_LEGEND =
  '<ul class="legend"><li><span class="swatch wide">+</span> this change grants more</li><li><span class="swatch narrow">\u2212</span> this change grants less</li><li><span class="swatch moved">\u00b1</span> other fields or items</li></ul>';

function matrixSection(matrix: ReviewMatrix): string {
  const widened = [...matrix.changes.values()].filter((c) => c === "widened").length;
  const narrowed = [...matrix.changes.values()].filter((c) => c === "narrowed").length;
  const note = matrix.complete
    ? ""
    : "<p><strong>Only the changed resources are drawn:</strong> this preview leaves unchanged resources out. Run <code>pulumi preview --json --show-sames</code> for the whole program.</p>";
  return [
    `<section aria-labelledby="${anchorId(PREFIX, "matrix")}"><h2 id="${anchorId(PREFIX, "matrix")}">Permission matrix after the change</h2>`,
    `<p>${widened} cell(s) widened, ${narrowed} narrowed, ${matrix.changes.size - widened - narrowed} otherwise changed; ${matrix.rowChanges.size} principal(s) or policies changed as a whole.</p>`,
    note,
    CHANGE_LEGEND,
    matrixHtml(matrix.matrix, PREFIX, { changes: matrix.changes, rowChanges: matrix.rowChanges }),
    "</section>",
  ].join("\n");
}

export function formatReviewHtml(review: Review, matrix: ReviewMatrix, toolVersion: string): string {
  const verdict = verdictOf(review);
  const findings =
    review.findings.length === 0
      ? ""
      : `<section aria-labelledby="${anchorId(PREFIX, "findings")}"><h2 id="${anchorId(PREFIX, "findings")}">Rule findings (${review.findings.length})</h2><ul class="findings">${review.findings.map(findingItem).join("")}</ul></section>`;
  return htmlPage({
    title: "pulumi-directus review",
    body: [
      `<section class="report" data-report id="${PREFIX}">`,
      "<h1>pulumi-directus review</h1>",
      `<p class="verdict"><strong class="${review.refused || review.widened.length > 0 ? "sev-error" : ""}">${escapeHtml(verdict.headline)}</strong> ${escapeHtml(verdict.text)}</p>`,
      countsTable(review),
      filtersHtml(PREFIX, "review"),
      changeSection("widened", "Access widened", review.widened),
      changeSection("narrowed", "Access narrowed", review.narrowed),
      changeSection("other", "Other changes", review.other),
      findings,
      matrixSection(matrix),
      "</section>",
      `<p class="meta">pulumi-directus ${escapeHtml(toolVersion)}</p>`,
    ].join("\n"),
  });
}
