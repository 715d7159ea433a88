/** Operator keys in a rule (`_eq`, `_in`, `_regex`, ...) and the shape of the argument each one takes. */
import { closestMatch } from "../closest-match";
import { isScalar } from "../json-values";
import { describe, literal, quote } from "../message-text";
import {
  FILTER_OPERATORS,
  FILTER_RULES_DOCS_URL,
  LOGICAL_OPERATORS,
  RELATIONAL_QUANTIFIERS,
  type RuleKind,
  VALIDATION_ONLY_OPERATORS,
} from "./vocabulary";

const OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS);
const LIST_OPERATORS: ReadonlySet<string> = new Set(["_in", "_nin"]);
const RANGE_OPERATORS: ReadonlySet<string> = new Set(["_between", "_nbetween"]);
const FLAG_OPERATORS: ReadonlySet<string> = new Set(["_null", "_nnull", "_empty", "_nempty", "_submitted"]);

/** Why `key` is not an operator usable in a rule of `kind`, or undefined when it is. */
export function operatorKeyProblem(kind: RuleKind, key: string): string | undefined {
  if (OPERATORS.has(key)) return undefined;
  if (key === "_submitted") {
    return kind === "validation"
      ? undefined
      : `"_submitted" only works in validation rules, not in filters. Fix: remove it, or move the condition to the permission's validation.`;
  }
  return unknownOperatorMessage(kind, key);
}

function unknownOperatorMessage(kind: RuleKind, key: string): string {
  const known = [
    ...FILTER_OPERATORS,
    ...LOGICAL_OPERATORS,
    ...RELATIONAL_QUANTIFIERS,
    ...(kind === "validation" ? VALIDATION_ONLY_OPERATORS : []),
  ];
  const suggestion = closestMatch(key, known, 2);
  const fix = suggestion
    ? `use "${suggestion}" (the closest known operator).`
    : `use an operator from the Directus filter rules list (${FILTER_RULES_DOCS_URL}), such as _eq, _neq, _in, _null or _contains.`;
  return `unknown operator ${quote(key)}: Directus does not understand it. Fix: ${fix}`;
}

/** Why `argument` is not what `operator` takes (a list, a [from, to] pair, a flag, a regex), or undefined. */
export function argumentShapeProblem(operator: string, argument: unknown): string | undefined {
  if (LIST_OPERATORS.has(operator) && !Array.isArray(argument)) {
    return `"${operator}" needs an array of values, not ${describe(argument)}. Fix: write { ${operator}: ${exampleList(argument)} }.`;
  }
  if (RANGE_OPERATORS.has(operator) && !(Array.isArray(argument) && argument.length === 2)) {
    return `"${operator}" needs exactly two values [from, to], not ${describe(argument)}. Fix: write { ${operator}: [1, 10] }.`;
  }
  if (FLAG_OPERATORS.has(operator) && !isFlag(argument)) {
    return `"${operator}" needs true or false, not ${describe(argument)}. Fix: write { ${operator}: true }.`;
  }
  if (operator === "_regex") return regexProblem(argument);
  return undefined;
}

function regexProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== "string") {
    return `"_regex" needs a regular expression written as a string, not ${describe(pattern)}. Fix: write { _regex: "^[A-Z]" }.`;
  }
  const wrapped = pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/");
  try {
    new RegExp(wrapped ? pattern.slice(1, -1) : pattern);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `"_regex" pattern ${quote(pattern)} is not a valid JavaScript regular expression (${reason}). Fix: escape special characters such as ( [ { with a backslash, written "\\\\" inside a JSON string.`;
  }
}

function isFlag(value: unknown): boolean {
  return typeof value === "boolean" || value === "true" || value === "false";
}

function exampleList(argument: unknown): string {
  return isScalar(argument) ? `[${literal(argument)}]` : `["a", "b"]`;
}
