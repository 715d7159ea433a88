/** How the input checks show a user's values in their messages: quoted, described, never echoed in full. */
import { isEmptyObject, isPlainObject } from "./json-values";

/** Characters of a user's text shown in a message before it is cut. */
export const PREVIEW_LENGTH = 40;

/** Quotes text for a message, cutting long text to a preview that states its full length. */
export function quote(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, PREVIEW_LENGTH))}… (${text.length} characters)`;
}

/** A short human description of a value for messages, never echoing more than a preview of it. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return `the string ${quote(value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `the ${typeof value} ${String(value)}`;
  }
  if (isPlainObject(value)) return isEmptyObject(value) ? "an empty object" : "an object";
  return typeof value === "object" ? `a ${value.constructor?.name ?? "non-plain"} object` : `a ${typeof value}`;
}

/** A scalar written as it would appear in an example, strings quoted. */
export function literal(value: string | number | boolean): string {
  return typeof value === "string" ? quote(value) : String(value);
}
