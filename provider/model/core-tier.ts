/**
 * Which permission rows Directus 12 accepts without a licence (the Core tier). It refuses a write of a
 * "custom" row with 403 RESOURCE_RESTRICTED, and hides custom rows it already stores from every read,
 * so they grant nothing. A row is custom unless its field list includes "*" and it has no filter,
 * validation or presets - except the rows the Studio recommends for app users, which are accepted as
 * they are (Directus' `isRecommendedAppPermission`, in its permissions service).
 */
import { canonicalJson } from "./canonical";
import type { NormalizedPermission } from "./permissions";

const SELF = { id: { _eq: "$CURRENT_USER" } };
const UPLOADED_BY_SELF = { uploaded_by: { _eq: "$CURRENT_USER" } };
const CREATED_BY_SELF = { user_created: { _eq: "$CURRENT_USER" } };

/** A recommended row: its collection, action, fields (null: none) and filter (null: none). */
interface RecommendedRow {
  readonly collection: string;
  readonly action: string;
  readonly fields: readonly string[] | null;
  readonly filter: Record<string, unknown> | null;
}

/**
 * The recommended rows that are custom by the general test (a field list without "*", or a filter).
 * The others on Directus' list (`fields: ["*"]`, filter `{}`) are not custom anyway. A filter must be
 * equal to Directus' own: the server compares it exactly, and this package writes no filter as null.
 */
const RECOMMENDED_CUSTOM_ROWS: readonly RecommendedRow[] = [
  {
    collection: "directus_files",
    action: "update",
    fields: [
      "title",
      "description",
      "tags",
      "location",
      "folder",
      "focal_point_x",
      "focal_point_y",
      "filename_download",
    ],
    filter: UPLOADED_BY_SELF,
  },
  { collection: "directus_files", action: "delete", fields: ["*"], filter: UPLOADED_BY_SELF },
  {
    collection: "directus_users",
    action: "update",
    fields: [
      "first_name",
      "last_name",
      "email",
      "password",
      "location",
      "title",
      "description",
      "avatar",
      "language",
      "appearance",
      "theme_light",
      "theme_dark",
      "theme_light_overrides",
      "theme_dark_overrides",
      "tfa_secret",
    ],
    filter: SELF,
  },
  {
    collection: "directus_shares",
    action: "read",
    fields: ["*"],
    filter: { _or: [{ role: { _eq: "$CURRENT_ROLE" } }, { role: { _null: true } }] },
  },
  {
    collection: "directus_shares",
    action: "update",
    fields: ["name", "collection", "item", "role", "password", "date_start", "date_end", "max_uses", "times_used"],
    filter: CREATED_BY_SELF,
  },
  { collection: "directus_shares", action: "delete", fields: ["*"], filter: CREATED_BY_SELF },
  {
    collection: "directus_flows",
    action: "read",
    fields: ["id", "status", "name", "icon", "color", "options", "trigger"],
    filter: { trigger: { _eq: "manual" } },
  },
];

function sameFields(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return canonicalJson([...a].sort()) === canonicalJson([...b].sort());
}

/** Custom by Directus' general test: a field list without "*" (or none), a filter, validation or presets. */
export function hasCustomRule(p: NormalizedPermission): boolean {
  return !(p.fields ?? []).includes("*") || p.filter !== null || p.validation !== null || p.presets !== null;
}

/** One of the Studio's recommended app permissions, which the Core tier accepts as it is. */
export function isRecommendedAppPermission(p: NormalizedPermission): boolean {
  if (p.validation !== null || p.presets !== null) return false;
  return RECOMMENDED_CUSTOM_ROWS.some(
    (row) =>
      row.collection === p.collection &&
      row.action === p.action &&
      sameFields(row.fields, p.fields) &&
      canonicalJson(row.filter) === canonicalJson(p.filter),
  );
}

/**
 * The field list to write for a row: Directus compares a recommended row's field list in its own
 * order, so a recommended row is written in that order (any other row as it is).
 */
export function fieldsToWrite(p: NormalizedPermission): string[] | null {
  if (p.fields === null || !isRecommendedAppPermission(p)) return p.fields;
  const row = RECOMMENDED_CUSTOM_ROWS.find((r) => r.collection === p.collection && r.action === p.action);
  return row?.fields ? [...row.fields] : p.fields;
}

/** Whether Directus 12 without a licence refuses to write this row (and hides it if stored). */
export function isRestrictedOnCoreTier(p: NormalizedPermission): boolean {
  return hasCustomRule(p) && !isRecommendedAppPermission(p);
}
