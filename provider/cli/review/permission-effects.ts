/** Effects of changes to permission lists (a policy's inline list, public access, a Permission resource). */

import { z } from "zod";
import { type Effect, narrowed, other, widened } from "./effect";
import { propertyMapSchema } from "./preview-json";
import { ruleEffects, unknownChange } from "./property-effects";
import { equal, isUnknown, show } from "./values";

/**
 * A permission as the preview's inputs hold it. Not provider/schemas' `permissionSchema`: that one
 * refuses unknown actions and extra keys (a Permission resource's inputs also hold `policy`), sorts the
 * fields and turns `{}` into null, while the review reads the values as the preview holds them.
 */
const permissionSchema = z.object({
  collection: z.string(),
  action: z.string(),
  fields: z.array(z.string()).default(["*"]),
  filter: propertyMapSchema.nullable().default(null),
  validation: propertyMapSchema.nullable().default(null),
  presets: propertyMapSchema.nullable().default(null),
});

export type Permission = z.output<typeof permissionSchema>;

/** The permissions in `value`, or undefined when it is not a list of them or holds values known only after apply. */
export function permissionsOf(value: unknown): Permission[] | undefined {
  const parsed = z.array(permissionSchema).safeParse(value);
  return parsed.success && !isUnknown(parsed.data) ? parsed.data : undefined;
}

/**
 * `read on posts`: what identifies a permission in a list, as the review shows it (model/permissions'
 * `permissionKey` is `posts:read`).
 */
function actionOnCollection(p: Permission): string {
  return `${p.action} on ${p.collection}`;
}

function allFields(p: Permission): boolean {
  return p.fields.includes("*");
}

function describePermission(p: Permission): string {
  const fields = allFields(p) ? "all fields" : `fields ${p.fields.join(", ")}`;
  const items = p.filter === null ? "" : ", filtered items";
  return `${actionOnCollection(p)} (${fields}${items})`;
}

function fieldEffects(prefix: string, before: Permission, after: Permission): Effect[] {
  if (equal([...before.fields].sort(), [...after.fields].sort())) return [];
  const text = `${prefix}fields ${show(before.fields)} → ${show(after.fields)}`;
  if (allFields(after)) return [widened(text)];
  if (allFields(before)) return [narrowed(text)];
  const added = after.fields.some((f) => !before.fields.includes(f));
  const removed = before.fields.some((f) => !after.fields.includes(f));
  if (added) return [widened(text)];
  return removed ? [narrowed(text)] : [];
}

function presetsEffects(prefix: string, before: Permission, after: Permission): Effect[] {
  if (equal(before.presets, after.presets)) return [];
  return [other(`${prefix}presets ${show(before.presets)} → ${show(after.presets)}`)];
}

function changedPermission(prefix: string, before: Permission, after: Permission): Effect[] {
  const at = `${prefix}${actionOnCollection(after)}: `;
  return [
    ...fieldEffects(at, before, after),
    ...ruleEffects(at, "filter", before.filter, after.filter),
    ...ruleEffects(at, "validation", before.validation, after.validation),
    ...presetsEffects(at, before, after),
  ];
}

/** Added, removed and changed permissions between two lists, keyed by collection and action. */
export function permissionListEffects(prefix: string, before: Permission[], after: Permission[]): Effect[] {
  const old = new Map(before.map((p) => [actionOnCollection(p), p]));
  const now = new Map(after.map((p) => [actionOnCollection(p), p]));
  const effects: Effect[] = [];
  for (const [key, p] of now) {
    const was = old.get(key);
    if (!was) effects.push(widened(`${prefix}+ ${describePermission(p)}`));
    else effects.push(...changedPermission(prefix, was, p));
  }
  for (const [key, p] of old) if (!now.has(key)) effects.push(narrowed(`${prefix}- ${describePermission(p)}`));
  return effects;
}

/** A `permissions` input: a list that cannot be read (or is known only after apply) is shown as it is. */
export function permissionsProperty(prefix: string, before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange(`${prefix}permissions`, before, after);
  if (unknown) return [unknown];
  const old = permissionsOf(before ?? []);
  const now = permissionsOf(after ?? []);
  if (!old || !now) return [other(`${prefix}permissions: ${show(before)} → ${show(after)}`)];
  return permissionListEffects(prefix, old, now);
}
