/** The permission matrix as lines of cells, shared by the text and Markdown renderers. */

import { PERMISSION_ACTIONS, type PermissionAction } from "../../model/permissions";
import type { MatrixCell, MatrixRow, MatrixRowKind } from "./types";

export const MATRIX_LEGEND =
  "full = every field of every item; fields = listed fields only; filter = only items matching a filter; " +
  "fields+filter = limited both ways; +v = payloads validated; +p = presets; - = no access; " +
  "admin = admin access, which bypasses permissions.";

export function cellMark(cell: MatrixCell): string {
  if (cell.access === "none") return "-";
  return `${cell.access}${cell.validation ? "+v" : ""}${cell.presets ? "+p" : ""}`;
}

function hasAccess(cells: Readonly<Record<PermissionAction, MatrixCell>>): boolean {
  return PERMISSION_ACTIONS.some((action) => cells[action].access !== "none");
}

/** One line per collection the row reaches: `[collection, ...marks]`; a single line when it reaches none. */
export function matrixLines(row: MatrixRow, collections: readonly string[]): string[][] {
  if (row.adminAccess) return [["(all)", ...PERMISSION_ACTIONS.map(() => "admin")]];
  const lines = collections.flatMap((collection) => {
    const cells = row.cells[collection];
    if (!cells || !hasAccess(cells)) return [];
    return [[collection, ...PERMISSION_ACTIONS.map((action) => cellMark(cells[action]))]];
  });
  return lines.length > 0 ? lines : [["(none)", ...PERMISSION_ACTIONS.map(() => "-")]];
}

export function matrixHeader(): string[] {
  return ["Who", "Collection", ...PERMISSION_ACTIONS];
}

/** A user row's name says already what it is (`user ann@example.com`, `service account api@example.com`). */
const ROW_KIND_LABEL: Record<MatrixRowKind, string> = {
  PublicAccess: "",
  Role: "Role: ",
  User: "",
  Policy: "Policy: ",
};

/** `Role: Editors`, with the id added when another row of the same kind has the same name. */
export function rowLabel(row: MatrixRow, rows: readonly MatrixRow[]): string {
  if (row.kind === "PublicAccess") return row.name;
  const ambiguous = rows.some((other) => other !== row && other.kind === row.kind && other.name === row.name);
  return `${ROW_KIND_LABEL[row.kind]}${row.name}${ambiguous ? ` (${row.id})` : ""}`;
}
