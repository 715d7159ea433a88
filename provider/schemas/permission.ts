/** zod schemas of permissions: what a program may write (`strict`) and what Directus stores (`stored`). */
import { z } from "zod";
import type { CheckFailure } from "../model/failures";
import {
  emptyToNull,
  type NormalizedPermission,
  PERMISSION_ACTIONS,
  permissionKey,
  sortedFields,
} from "../model/permissions";
import {
  collectionNameProblem,
  fieldNameProblem,
  filterProblems,
  type InputProblem,
  presetsProblems,
} from "./input-limits";
import { reportProblem, reportProblems } from "./refinements";

/**
 * Which values a schema accepts: `strict`, what a program may write (names, filter grammar, at least
 * one field); `stored`, anything Directus stores, which an adopted object may keep as it was found
 * (found.ts decides which values that is).
 */
export type SchemaMode = "strict" | "stored";

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
