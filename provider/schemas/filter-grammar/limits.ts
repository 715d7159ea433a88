/** How deep and how large a filter, validation rule or presets object may be. */
import type { InputProblem } from "../input-problems";
import type { JsonObject } from "../json-values";

/** Nested filter objects (logical groups, relations, operator objects) allowed from the root, inclusive. */
export const FILTER_MAX_DEPTH = 10;
/** Nesting allowed inside one operator argument or preset value (GeoJSON multipolygons need 5). */
export const ARGUMENT_MAX_DEPTH = 8;
/** Serialized size limit of one filter, validation or presets object (UTF-8 JSON). */
export const RULE_JSON_MAX_BYTES = 64 * 1024;

/** Why `value` cannot be stored as a rule: it is not serializable, or its JSON is too large. */
export function jsonSizeProblem(value: JsonObject, what: string): InputProblem | undefined {
  const bytes = serializedBytes(value);
  if (bytes === undefined) {
    return {
      path: [],
      message: `${what} cannot be serialized as JSON (it has a cycle, a BigInt, or is nested too deeply). Fix: use plain JSON values only: objects, arrays, strings, numbers, booleans and null.`,
    };
  }
  if (bytes <= RULE_JSON_MAX_BYTES) return undefined;
  return {
    path: [],
    message: `${what}: ${(bytes / 1024).toFixed(1)} KiB of JSON exceeds the ${RULE_JSON_MAX_BYTES / 1024} KiB limit. Fix: simplify it, e.g. replace a long _in list with a condition on a relation or on $CURRENT_USER.`,
  };
}

function serializedBytes(value: JsonObject): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : Buffer.byteLength(json, "utf8");
  } catch {
    return undefined;
  }
}
