/** Type tests for the JSON values a program writes as filters, validation rules and presets. */

export type JsonObject = Record<string, unknown>;

/** An object literal (or `Object.create(null)`): not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isEmptyObject(value: JsonObject): boolean {
  return Object.keys(value).length === 0;
}

export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
