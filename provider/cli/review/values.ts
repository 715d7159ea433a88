/** Input values as the review compares and shows them; `UNKNOWN` marks a value known only after apply. */

import { UNKNOWN } from "../../engine/framework";
import { compareText } from "../../model/order";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** A value as a reviewer reads it: `unset`, `none`, `(known after apply)`, a list joined by commas, ... */
export function show(value: unknown): string {
  if (value === undefined) return "unset";
  if (isUnknown(value)) return "(known after apply)";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(show).join(", ");
  if (value === null) return "none";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function equal(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Keys sorted at every depth. Unlike `canonicalJson` (model/canonical.ts), `undefined` stays distinct
 * from `null` inside arrays and a key set to `undefined` from a missing key, which `equal` relies on
 * (e.g. a policy attachment whose `user` goes from unset to null is relinked).
 */
function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
