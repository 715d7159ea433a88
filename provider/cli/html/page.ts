/**
 * The frame of every HTML report: one self-contained file (inline style and script, no network, no
 * external assets) that reads in any browser and still reads without its script.
 */

import { escapeHtml } from "./escape";
import { REPORT_SCRIPT } from "./script";
import { REPORT_STYLE } from "./style";

export interface HtmlPage {
  readonly title: string;
  /** Already escaped HTML of the page's main part. */
  readonly body: string;
}

export function htmlPage(page: HtmlPage): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing of the report comes from elsewhere: a strict policy keeps it that way in the browser too.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    "</head>",
    "<body>",
    '<a class="skip" href="#main">Skip to the report</a>',
    `<main id="main">${page.body}</main>`,
    `<script>${REPORT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
