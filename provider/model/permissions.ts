/**
 * Permissions as this package reasons about them: the normalized form every layer shares, the
 * `directus_permissions` row it maps to, and the plan that makes a policy's rows match a list.
 */
import type { PermissionRecord } from "../client/records";
import { canonicalJson } from "./canonical";
import { compareText } from "./order";

export const PERMISSION_ACTIONS = ["create", "read", "update", "delete", "share"] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/** One permission as users write it (the args type of inline lists and of the Permission resource). */
export interface PermissionSpec {
  /** Collection the permission applies to, e.g. `posts` or `directus_files`. */
  collection: string;
  /** `create`, `read`, `update`, `delete` or `share`. */
  action: PermissionAction;
  /**
   * Fields the action may touch. Default `["*"]` (all). Order does not matter. `null` (no field, as the
   * Studio stores some delete rules) is accepted only on a row kept as it was found.
   */
  fields?: string[] | null;
  /** Item filter (Directus "permissions"), e.g. `{ status: { _eq: "published" } }`. Default: all items. */
  filter?: Record<string, unknown> | null;
  /** Field validation applied to create/update payloads. Default: none. */
  validation?: Record<string, unknown> | null;
  /** Default values applied on create/update. Default: none. */
  presets?: Record<string, unknown> | null;
}

/** The normalized permission stored in state and compared by diff. */
export interface NormalizedPermission {
  collection: string;
  action: PermissionAction;
  /** `null`: no field (Directus' stored value, kept as found). */
  fields: string[] | null;
  filter: Record<string, unknown> | null;
  validation: Record<string, unknown> | null;
  presets: Record<string, unknown> | null;
}

export function permissionKey(p: { collection: string; action: string }): string {
  return `${p.collection}:${p.action}`;
}

/** Sorted by collection then action so reordering in code is never a diff. */
export function sortPermissions<T extends { collection: string; action: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => compareText(permissionKey(a), permissionKey(b)));
}

export function fromRecord(record: PermissionRecord): NormalizedPermission {
  return {
    collection: record.collection,
    action: record.action as PermissionAction,
    fields: record.fields === null || record.fields === undefined ? null : sortedFields(record.fields),
    filter: emptyToNull(record.permissions),
    validation: emptyToNull(record.validation),
    presets: emptyToNull(record.presets),
  };
}

export interface PermissionPlan {
  readonly create: NormalizedPermission[];
  readonly update: { id: number; permission: NormalizedPermission }[];
  readonly remove: number[];
}

/**
 * What to send so the policy holds exactly `desired` among the rows in `scope` (all rows of the
 * policy when the list is authoritative). Extra rows for the same collection+action are removed.
 */
export function planPermissions(desired: NormalizedPermission[], current: PermissionRecord[]): PermissionPlan {
  const byKey = new Map<string, PermissionRecord[]>();
  for (const row of [...current].sort((a, b) => a.id - b.id)) {
    const key = permissionKey(row);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const plan: PermissionPlan = { create: [], update: [], remove: [] };
  const wanted = new Set<string>();
  for (const permission of desired) {
    const key = permissionKey(permission);
    wanted.add(key);
    const [existing, ...duplicates] = byKey.get(key) ?? [];
    plan.remove.push(...duplicates.map((row) => row.id));
    if (!existing) plan.create.push(permission);
    else if (canonicalJson(fromRecord(existing)) !== canonicalJson(permission))
      plan.update.push({ id: existing.id, permission });
  }
  for (const [key, rows] of byKey) if (!wanted.has(key)) plan.remove.push(...rows.map((row) => row.id));
  return plan;
}

/**
 * The same end state with fewer requests: a row the plan deletes is rewritten into a permission it
 * creates (one update instead of a delete and a create), so moving a permission to another collection
 * or action is one write. Rows are matched in order; which row is reused does not matter.
 */
export function reuseRemovedRows(plan: PermissionPlan): PermissionPlan {
  const reused = Math.min(plan.remove.length, plan.create.length);
  if (reused === 0) return plan;
  const rewrites = plan.create.slice(0, reused).map((permission, i) => ({ id: plan.remove[i] as number, permission }));
  return {
    create: plan.create.slice(reused),
    update: [...plan.update, ...rewrites],
    remove: plan.remove.slice(reused),
  };
}

/** Field names without duplicates, in canonical order. */
export function sortedFields(fields: readonly string[]): string[] {
  return [...new Set(fields)].sort(compareText);
}

/** `{}` means the same as none (the Studio writes `{}` for "all"). */
export function emptyToNull(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value === undefined || value === null || Object.keys(value).length === 0 ? null : value;
}
