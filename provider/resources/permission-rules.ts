import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import type { PermissionRecord } from "../client/records";
import { fieldsToWrite } from "../model/core-tier";
import { compareText } from "../model/order";
import { canonicalJson } from "./canonical";
import type { CheckFailure } from "./framework";
import {
  collectionNameProblem,
  fieldNameProblem,
  filterProblems,
  type InputProblem,
  presetsProblems,
} from "./input-limits";
import { reportProblem, reportProblems } from "./refinements";

export const PERMISSION_ACTIONS = ["create", "read", "update", "delete", "share"] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/**
 * Which values a schema accepts: `strict`, what a program may write (names, filter grammar, at least
 * one field); `stored`, anything Directus stores, which an adopted object may keep as it was found
 * (found.ts decides which values that is).
 */
export type SchemaMode = "strict" | "stored";

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

const jsonObject = z.record(z.string(), z.unknown());

/**
 * A filter/validation/presets object, checked against Directus' grammar in strict mode (Directus would
 * store a bad one and then fail every read through it); `{}` means the same as none (the Studio writes
 * `{}` for "all").
 */
function ruleObject(mode: SchemaMode, check: (value: Record<string, unknown>) => InputProblem[]) {
  const checked = mode === "strict" ? jsonObject.superRefine(reportProblems(check)) : jsonObject;
  return checked
    .nullable()
    .default(null)
    .transform((value) => emptyToNull(value));
}

function sortedFields(fields: readonly string[]): string[] {
  return [...new Set(fields)].sort(compareText);
}

function fieldListSchema(mode: SchemaMode) {
  if (mode === "stored") {
    return z
      .array(z.string())
      .nullable()
      .default(["*"])
      .transform((fields) => (fields === null ? null : sortedFields(fields)));
  }
  return z
    .array(z.string().min(1).superRefine(reportProblem(fieldNameProblem)), {
      error: (issue) =>
        issue.input === null
          ? 'must list at least one field; use ["*"] for all fields (null, no field, is kept only on a row adopted as it was found)'
          : undefined,
    })
    .min(1, 'must list at least one field; use ["*"] for all fields')
    .default(["*"])
    .transform((fields): string[] | null => sortedFields(fields));
}

export function permissionSchema(mode: SchemaMode = "strict") {
  const collection =
    mode === "strict"
      ? z
          .string()
          .trim()
          .min(1, "must name a collection, e.g. 'posts'")
          .superRefine(reportProblem(collectionNameProblem))
      : z.string().min(1, "must name a collection, e.g. 'posts'");
  return z
    .object({
      collection,
      action: z.enum(PERMISSION_ACTIONS, { error: `must be one of ${PERMISSION_ACTIONS.join(", ")}` }),
      fields: fieldListSchema(mode),
      filter: ruleObject(mode, (value) => filterProblems(value, "filter")),
      validation: ruleObject(mode, (value) => filterProblems(value, "validation")),
      presets: ruleObject(mode, presetsProblems),
    })
    .strict();
}

export function permissionKey(p: { collection: string; action: string }): string {
  return `${p.collection}:${p.action}`;
}

/** Sorted by collection then action so reordering in code is never a diff. */
export function sortPermissions<T extends { collection: string; action: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => compareText(permissionKey(a), permissionKey(b)));
}

/** A permission list in the order the user wrote it; `normalizePermissions` sorts it for state. */
export function permissionListSchema(mode: SchemaMode = "strict") {
  return z.array(permissionSchema(mode));
}

/** Duplicate collection+action pairs break the Studio; refuse them at preview. */
export function duplicatePermissionFailures(list: NormalizedPermission[], property: string): CheckFailure[] {
  const seen = new Map<string, number>();
  const failures: CheckFailure[] = [];
  list.forEach((permission, index) => {
    const key = permissionKey(permission);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      failures.push({
        property: `${property}[${index}]`,
        reason: `duplicate permission ${permission.action} on '${permission.collection}' (also declared in the same list): merge them into one entry - Directus allows one rule per collection and action`,
      });
    }
  });
  return failures;
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

function emptyToNull(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value === undefined || value === null || Object.keys(value).length === 0 ? null : value;
}

/** The `directus_permissions` row for a permission (with its policy, unless nested in a policy create). */
export function permissionRow(p: NormalizedPermission, policyId?: string): Record<string, unknown> {
  return {
    ...(policyId === undefined ? {} : { policy: policyId }),
    collection: p.collection,
    action: p.action,
    fields: fieldsToWrite(p),
    permissions: p.filter,
    validation: p.validation,
    presets: p.presets,
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

/** Applies a plan with Directus' batch endpoints: at most one request per kind of change. */
export async function applyPermissionPlan(
  client: DirectusClient,
  policyId: string,
  plan: PermissionPlan,
): Promise<void> {
  const { remove, update, create } = reuseRemovedRows(plan);
  await client.deletePermissions(remove);
  await client.updatePermissions(update.map(({ id, permission }) => ({ id, ...permissionRow(permission, policyId) })));
  await client.createPermissions(create.map((permission) => permissionRow(permission, policyId)));
}

/**
 * Reads the policy's rows and makes them match `desired` (scoped to `onlyKeys` when given). After a
 * transient failure it reads again and sends only what is still missing, so it never duplicates a row.
 */
export async function syncPermissions(
  client: DirectusClient,
  policyId: string,
  desired: NormalizedPermission[],
  onlyKeys?: Set<string>,
): Promise<void> {
  await client.converge(async () => {
    const rows = await client.listPermissions(policyId);
    const scope = onlyKeys ? rows.filter((row) => onlyKeys.has(permissionKey(row))) : rows;
    await applyPermissionPlan(client, policyId, planPermissions(desired, scope));
  });
}

export async function readPermissions(client: DirectusClient, policyId: string): Promise<NormalizedPermission[]> {
  return sortPermissions((await client.listPermissions(policyId)).map(fromRecord));
}
