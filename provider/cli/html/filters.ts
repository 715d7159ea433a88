/** The filter boxes of a report part (the page's script drives them: see script.ts). */

import { anchorId } from "./escape";

function box(prefix: string, filter: string, label: string, hint: string): string {
  const id = anchorId(prefix, "filter", filter);
  return `<label for="${id}">${label}<input type="search" id="${id}" data-filter="${filter}" placeholder="${hint}" autocomplete="off"></label>`;
}

/** Collection, principal and finding boxes, the "reached only" switch and a status line; `what` names the part. */
export function filtersHtml(prefix: string, what: string): string {
  return [
    `<form class="filters" role="search" aria-label="Filter the ${what}" onsubmit="return false">`,
    box(prefix, "collection", "Collection", "e.g. posts ( / )"),
    box(prefix, "principal", "Principal", "e.g. editors"),
    box(prefix, "finding", "Finding", "e.g. DSEC-001"),
    `<label class="check"><input type="checkbox" data-filter="reached" id="${anchorId(prefix, "filter", "reached")}"> only collections someone can reach</label>`,
    `<span data-filter-status aria-live="polite"></span>`,
    "</form>",
  ].join("");
}
