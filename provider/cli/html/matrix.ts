/**
 * The permission matrix as an HTML table: one line per collection, one group of action columns per
 * principal (public access, roles with what their parents give, users with links of their own and
 * service accounts, policies). Every cell says its state in text as well as in colour; a review marks
 * the cells a change widens or narrows, an audit links the cells that findings are about.
 */

import type { PermissionAction } from "../../model/permissions";
import { rowLabel } from "../audit-report/matrix-lines";
import type { MatrixCell, MatrixRow, MatrixRowKind, PermissionMatrix } from "../audit-report/types";
import { anchorId, escapeHtml } from "./escape";

/** How a change moves one cell: grants more, grants less, or both (e.g. other fields). */
export type CellChange = "widened" | "narrowed" | "changed";

export interface MatrixMarks {
  /** Cell key (`cellKey`) to how the change moves it. */
  readonly changes?: ReadonlyMap<string, CellChange>;
  /** Row key (`rowKey`) to how the change moves the row itself (admin or app access, a new row). */
  readonly rowChanges?: ReadonlyMap<string, CellChange>;
  /** Cell key to the anchor of the first finding about it. */
  readonly findings?: ReadonlyMap<string, string>;
}

export function rowKey(row: Pick<MatrixRow, "kind" | "id">): string {
  return `${row.kind}:${row.id}`;
}

export function cellKey(row: string, collection: string, action: PermissionAction): string {
  return `${row}\u0000${collection}\u0000${action}`;
}

/** The anchor of a row's column group, unique within one report (`prefix` tells reports apart). */
export function rowAnchor(prefix: string, index: number): string {
  return anchorId(prefix, "who", index);
}

export function cellAnchor(prefix: string, row: number, collection: number, action: number): string {
  return anchorId(prefix, "cell", row, collection, action);
}

const KIND_NOTE: Record<MatrixRowKind, string> = {
  PublicAccess: "anyone, signed in or not",
  Role: "role, with its parents' policies",
  User: "its own links and its role's",
  Policy: "policy",
};

const ACCESS_MARK: Record<Exclude<MatrixCell["access"], "none">, { mark: string; css: string; text: string }> = {
  full: { mark: "A", css: "all", text: "every field of every item" },
  fields: { mark: "F", css: "fld", text: "some fields of every item" },
  filter: { mark: "I", css: "flt", text: "every field of the items a filter lets through" },
  "fields+filter": { mark: "FI", css: "both", text: "some fields of the items a filter lets through" },
};

const CHANGE_MARK: Record<CellChange, { mark: string; css: string; text: string }> = {
  widened: { mark: "+", css: "wide", text: "this change grants more" },
  narrowed: { mark: "\u2212", css: "narrow", text: "this change grants less" },
  changed: { mark: "\u00b1", css: "moved", text: "this change grants other fields or items" },
};

/** What the legend says, so a reader never depends on colour. */
export const MATRIX_HTML_LEGEND: readonly (readonly [string, string, string])[] = [
  ["none", "\u00b7", "no access"],
  ["all", "A", ACCESS_MARK.full.text],
  ["fld", "F", ACCESS_MARK.fields.text],
  ["flt", "I", ACCESS_MARK.filter.text],
  ["both", "FI", ACCESS_MARK["fields+filter"].text],
  ["all", "v", "payloads are validated (after the letter)"],
  ["all", "p", "field values are preset (after the letter)"],
  ["adm", "\u2605", "admin access: Directus skips permissions, every action on every item"],
];

interface Context {
  readonly matrix: PermissionMatrix;
  readonly prefix: string;
  readonly marks: MatrixMarks;
  readonly policyNames: ReadonlyMap<string, string>;
}

function cellTitle(context: Context, row: MatrixRow, collection: string, action: string, cell: MatrixCell): string {
  if (cell.access === "none") return "";
  const fields = cell.fields.includes("*") ? "" : ` (${cell.fields.join(", ")})`;
  const extras = [cell.validation ? "payloads validated" : "", cell.presets ? "presets" : ""].filter(Boolean);
  const from = cell.policies.map((id) => context.policyNames.get(id) ?? id).join(", ");
  const via = row.kind === "Policy" ? "" : `; from ${from}`;
  return `${collection} ${action}: ${ACCESS_MARK[cell.access].text}${fields}${extras.length > 0 ? `; ${extras.join(", ")}` : ""}${via}`;
}

function cellHtml(context: Context, rowIndex: number, collectionIndex: number, actionIndex: number): string {
  const { matrix, marks, prefix } = context;
  const row = matrix.rows[rowIndex] as MatrixRow;
  const collection = matrix.collections[collectionIndex] as string;
  const action = matrix.actions[actionIndex] as PermissionAction;
  const key = cellKey(rowKey(row), collection, action);
  const change = marks.changes?.get(key);
  const finding = marks.findings?.get(key);
  const classes = [`p${rowIndex}`];
  let mark: string;
  let title: string;
  if (row.adminAccess) {
    classes.push("adm");
    mark = "\u2605";
    title = "";
  } else {
    const cell = row.cells[collection]?.[action] ?? { access: "none" };
    classes.push(cell.access === "none" ? "none" : ACCESS_MARK[cell.access].css);
    mark =
      cell.access === "none"
        ? "\u00b7"
        : `${ACCESS_MARK[cell.access].mark}${cell.validation ? "v" : ""}${cell.presets ? "p" : ""}`;
    title = cellTitle(context, row, collection, action, cell);
  }
  if (change) {
    classes.push(CHANGE_MARK[change].css);
    mark = `${CHANGE_MARK[change].mark}${mark}`;
    title = `${title || `${collection} ${action}: no access`}; ${CHANGE_MARK[change].text}`;
  }
  const content = finding ? `<a href="#${finding}">${mark}!</a>` : mark;
  if (finding) classes.push("fnd");
  const id = change || finding ? ` id="${cellAnchor(prefix, rowIndex, collectionIndex, actionIndex)}"` : "";
  return `<td class="${classes.join(" ")}"${id}${title ? ` title="${escapeHtml(title)}"` : ""}>${content}</td>`;
}

function reached(row: MatrixRow, collection: string): boolean {
  const cells = row.cells[collection];
  return !row.adminAccess && cells !== undefined && Object.values(cells).some((cell) => cell.access !== "none");
}

function headerRows(context: Context): string {
  const { matrix, prefix, marks } = context;
  const who = matrix.rows.map((row, index) => {
    const change = marks.rowChanges?.get(rowKey(row));
    const label = rowLabel(row, matrix.rows);
    const notes = [
      KIND_NOTE[row.kind],
      row.adminAccess ? "admin access" : "",
      row.appAccess ? "app access" : "",
      change ? CHANGE_MARK[change].text : "",
    ].filter(Boolean);
    const first = index === 0 || matrix.rows[index - 1]?.kind !== row.kind ? " first" : "";
    return `<th scope="colgroup" colspan="${matrix.actions.length}" id="${rowAnchor(prefix, index)}" class="p${index} who k-${row.kind}${first}${change ? ` ${CHANGE_MARK[change].css}` : ""}" data-name="${escapeHtml(label.toLowerCase())}">${change ? `${CHANGE_MARK[change].mark} ` : ""}${escapeHtml(label)}<span class="note">${escapeHtml(notes.join("; "))}</span></th>`;
  });
  const actions = matrix.rows.flatMap((_, index) =>
    matrix.actions.map(
      (action) =>
        `<th scope="col" class="p${index} act"><abbr title="${action}">${action.charAt(0).toUpperCase()}</abbr></th>`,
    ),
  );
  return `<thead><tr><th scope="col" rowspan="2" class="corner">Collection</th>${who.join("")}</tr><tr>${actions.join("")}</tr></thead>`;
}

function bodyRows(context: Context): string {
  const { matrix } = context;
  return matrix.collections
    .map((collection, c) => {
      const reachedBy = matrix.rows.some((row) => reached(row, collection)) ? "1" : "0";
      const cells = matrix.rows.flatMap((_, r) => matrix.actions.map((_action, a) => cellHtml(context, r, c, a)));
      return `<tr data-name="${escapeHtml(collection.toLowerCase())}" data-reached="${reachedBy}"><th scope="row">${escapeHtml(collection)}</th>${cells.join("")}</tr>`;
    })
    .join("\n");
}

function legendHtml(): string {
  const items = MATRIX_HTML_LEGEND.map(
    ([css, mark, text]) => `<li><span class="swatch ${css}">${escapeHtml(mark)}</span> ${escapeHtml(text)}</li>`,
  );
  return `<ul class="legend">${items.join("")}</ul>`;
}

/** The matrix table with its legend; `prefix` keeps anchors unique when a page holds several reports. */
export function matrixHtml(matrix: PermissionMatrix, prefix: string, marks: MatrixMarks = {}): string {
  const policyNames = new Map(matrix.rows.filter((row) => row.kind === "Policy").map((row) => [row.id, row.name]));
  const context: Context = { matrix, prefix, marks, policyNames };
  return [
    legendHtml(),
    `<div class="scroll" tabindex="0" role="region" aria-label="Permission matrix (scrolls sideways)">`,
    `<table class="matrix"><caption class="sr">Permission matrix: collections down, principals and their actions across</caption>`,
    headerRows(context),
    `<tbody>${bodyRows(context)}</tbody></table>`,
    "</div>",
  ].join("\n");
}
