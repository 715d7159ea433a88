/**
 * "Kept as found": what an object already holds may stay as Directus stores it, even where a program
 * could not write that value (a permission with no field, a field name this package's naming rule
 * refuses, a user without email). Such values pass the input checks, are never rewritten, and rules
 * that judge writes skip them; everything a program adds or changes meets the strict checks.
 *
 * The baseline is the object as the stack recorded it (a resource it already manages) or as the live
 * instance has it (a resource that takes an object over in this run).
 */

import { canonicalJson } from "./canonical";
import { COMMON_INPUT_KEYS } from "./fields";
import { type NormalizedPermission, permissionKey } from "./permissions";
import { targetAt } from "./targets";

/** An object as found, in the shape of its resource's inputs. */
export type Found = Readonly<Record<string, unknown>>;

const COMMON_KEYS = new Set<string>([...COMMON_INPUT_KEYS, "adoptId", "deleteOnDestroy"]);

function permissionsIn(value: unknown): NormalizedPermission[] {
  return Array.isArray(value) ? (value as NormalizedPermission[]) : [];
}

function samePermission(a: NormalizedPermission, b: NormalizedPermission | undefined): boolean {
  if (!b) return false;
  const { collection, action, fields, filter, validation, presets } = a;
  return (
    canonicalJson({ collection, action, fields, filter, validation, presets }) ===
    canonicalJson({
      collection: b.collection,
      action: b.action,
      fields: b.fields,
      filter: b.filter,
      validation: b.validation,
      presets: b.presets,
    })
  );
}

/**
 * The targets (model/targets.ts) of `inputs` (validated, in the stored schema) whose values equal the
 * object as found: each permission by `<collection>:<action>`, each other input by its key.
 */
export function keptAsFound(kind: string, value: object, found: Found): Set<string> {
  const inputs = value as Readonly<Record<string, unknown>>;
  const kept = new Set<string>();
  if (kind === "Permission") {
    const permission = inputs as unknown as NormalizedPermission;
    if (samePermission(permission, found as unknown as NormalizedPermission)) kept.add(permissionKey(permission));
    return kept;
  }
  for (const [key, value] of Object.entries(inputs)) {
    if (COMMON_KEYS.has(key) || value === undefined) continue;
    if (key === "permissions") {
      const before = new Map(permissionsIn(found.permissions).map((p) => [permissionKey(p), p]));
      for (const permission of permissionsIn(value)) {
        if (samePermission(permission, before.get(permissionKey(permission)))) kept.add(permissionKey(permission));
      }
    } else if (canonicalJson(value) === canonicalJson(found[key])) kept.add(key);
  }
  return kept;
}

/** Whether a problem at `property` is about a value kept as found. */
export function isKeptAsFound(kind: string, inputs: object, property: string, kept: ReadonlySet<string>): boolean {
  return kept.has(targetAt(kind, inputs, property));
}
