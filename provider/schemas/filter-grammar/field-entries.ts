/**
 * Field entries of a rule: the key (a field, a function of a field such as `year(date_created)`, or a
 * many-to-any field scoped to a collection) and the value, which must be an operator object or a filter.
 */
import { isScalar } from "../json-values";
import { describe, literal, PREVIEW_LENGTH, quote } from "../message-text";
import { collectionNameProblem, identifierFix, identifierProblem, isIdentifier } from "../names";
import { FIELD_FUNCTIONS } from "./vocabulary";

const FUNCTIONS: ReadonlySet<string> = new Set(FIELD_FUNCTIONS);
const FUNCTION_KEY = /^([A-Za-z_]+)\((.*)\)$/s;

/** Whether a filter key applies a function to a field, as in `year(date_created)`. */
export function isFunctionKey(key: string): boolean {
  return FUNCTION_KEY.test(key);
}

/** Why a filter key is not a usable field reference, or undefined when it is. */
export function filterKeyProblem(key: string): string | undefined {
  const functionCall = FUNCTION_KEY.exec(key);
  if (functionCall) return functionKeyProblem(key, functionCall[1] ?? "", functionCall[2] ?? "");
  if (key.includes(":")) return manyToAnyKeyProblem(key);
  if (key.includes(".")) {
    return `filter key ${quote(key)} is a dotted path, which Directus does not read in filters. Fix: nest one object per relation, e.g. { author: { name: { _eq: "Ada" } } } instead of { "author.name": ... }.`;
  }
  return identifierProblem(key, "field name");
}

function functionKeyProblem(key: string, name: string, argument: string): string | undefined {
  if (!FUNCTIONS.has(name)) {
    return `${quote(key)} uses the unknown function "${name}". Fix: use one of ${FIELD_FUNCTIONS.join(", ")}, e.g. year(date_created).`;
  }
  const path = argument.split(".");
  const badPart = path.find((part) => identifierProblem(part, "field name") !== undefined);
  if (badPart === undefined) return undefined;
  return `${quote(key)} must apply ${name}() to a field name or relational path, e.g. ${name}(date_created). Fix: ${identifierFix(badPart)}`;
}

/** `item:collection` scopes a many-to-any field to one of its collections. */
function manyToAnyKeyProblem(key: string): string | undefined {
  const [field = "", collection = "", ...rest] = key.split(":");
  const problem =
    rest.length > 0
      ? `it has more than one ":".`
      : (identifierProblem(field, "field name") ?? collectionNameProblem(collection));
  if (!problem) return undefined;
  return `filter key ${quote(key)} must be a field name, or <many-to-any field>:<collection> such as item:headings; ${problem}`;
}

/** The message for a field whose value is not an object, with a fix that fits the value written. */
export function fieldValueMessage(key: string, value: unknown): string {
  const field = exampleKey(key);
  const fix =
    value === null
      ? `write { ${field}: { _null: true } } to match empty values, or { ${field}: { _eq: <value> } }.`
      : Array.isArray(value)
        ? `write { ${field}: { _in: [...] } } to match any of several values.`
        : isScalar(value)
          ? `write { ${field}: { _eq: ${literal(value)} } }.`
          : `write { ${field}: { _eq: <value> } }.`;
  return `field ${quote(key)} must be an operator object such as { _eq: ... } or a nested filter, not ${describe(value)}. Fix: ${fix}`;
}

/** The key itself when it is short and plain enough to show in an example, else a placeholder. */
function exampleKey(key: string): string {
  return key.length <= PREVIEW_LENGTH && isIdentifier(key) ? key : "<field>";
}
