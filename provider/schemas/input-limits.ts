/**
 * Checks for inputs Directus would store but cannot use: malformed permission filter and validation
 * rules, presets, collection and field names, and text longer than the column that holds it.
 * Pure logic with no I/O, so it runs at preview before anything is written to Directus.
 */

/** One step into a checked value: an object key or an array index. */
export type PathSegment = string | number;

/** A problem found in an input: where it sits (keys and indexes from the root) and what to do about it. */
export interface InputProblem {
  path: PathSegment[];
  message: string;
}

/** Which permission property a rule object comes from; both use the Directus filter grammar. */
export type RuleKind = "filter" | "validation";

/** Collection and field keys are varchar(64) in `directus_collections` / `directus_fields`. */
export const IDENTIFIER_MAX_LENGTH = 64;
/** Directus' default `MAX_RELATIONAL_DEPTH`: the deepest relational path it will filter or read. */
export const RELATIONAL_MAX_DEPTH = 10;
/** Nested filter objects (logical groups, relations, operator objects) allowed from the root, inclusive. */
export const FILTER_MAX_DEPTH = 10;
/** Nesting allowed inside one operator argument or preset value (GeoJSON multipolygons need 5). */
export const ARGUMENT_MAX_DEPTH = 8;
/** Serialized size limit of one filter, validation or presets object (UTF-8 JSON). */
export const RULE_JSON_MAX_BYTES = 64 * 1024;
/** Problems listed per checked value before the rest are summarized in one line. */
export const MAX_REPORTED_PROBLEMS = 20;

/** `directus_roles.name` is varchar(100). */
export const ROLE_NAME_MAX_LENGTH = 100;
/** `directus_policies.name` is varchar(100). */
export const POLICY_NAME_MAX_LENGTH = 100;
/** Role and policy descriptions are `text` columns; this is a sane cap, not a Directus one. */
export const DESCRIPTION_MAX_LENGTH = 2000;
/** `directus_roles.icon` and `directus_policies.icon` are varchar(64). */
export const ICON_MAX_LENGTH = 64;
/** `directus_settings.project_name` is varchar(100). */
export const PROJECT_NAME_MAX_LENGTH = 100;
/** `directus_users.first_name` / `last_name` are varchar(50). */
export const PERSON_NAME_MAX_LENGTH = 50;
/** `directus_users.email` is varchar(128) (below RFC 5321's 254, so Directus' column is the binding limit). */
export const EMAIL_MAX_LENGTH = 128;

/** Where Directus documents its filter grammar; cited by messages that cannot suggest a fix. */
export const FILTER_RULES_DOCS_URL = "https://directus.io/docs/guides/connect/filter-rules";

/** Field operators Directus understands in filters and validation rules. */
export const FILTER_OPERATORS = [
  "_eq",
  "_neq",
  "_lt",
  "_lte",
  "_gt",
  "_gte",
  "_in",
  "_nin",
  "_null",
  "_nnull",
  "_contains",
  "_ncontains",
  "_icontains",
  "_nicontains",
  "_starts_with",
  "_nstarts_with",
  "_istarts_with",
  "_nistarts_with",
  "_ends_with",
  "_nends_with",
  "_iends_with",
  "_niends_with",
  "_between",
  "_nbetween",
  "_empty",
  "_nempty",
  "_intersects",
  "_nintersects",
  "_intersects_bbox",
  "_nintersects_bbox",
  "_regex",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Operators only Directus' validation (Joi) understands: `_submitted` requires the field in the payload. */
export const VALIDATION_ONLY_OPERATORS = ["_submitted"] as const;
/** Logical groups: each takes a non-empty array of filter objects. */
export const LOGICAL_OPERATORS = ["_and", "_or"] as const;
/** One-to-many / many-to-many quantifiers: each takes a filter on the related items. */
export const RELATIONAL_QUANTIFIERS = ["_some", "_none"] as const;
/** Functions a filter key may apply to a field, as in `year(date_created)` or `count(comments)`. */
export const FIELD_FUNCTIONS = [
  "year",
  "month",
  "week",
  "day",
  "weekday",
  "hour",
  "minute",
  "second",
  "count",
] as const;
/** Dynamic variables Directus replaces in filter values and presets. */
export const DYNAMIC_VARIABLES = [
  "$CURRENT_USER",
  "$CURRENT_ROLE",
  "$CURRENT_ROLES",
  "$CURRENT_POLICIES",
  "$NOW",
] as const;

type JsonObject = Record<string, unknown>;

interface Walk {
  readonly kind: RuleKind;
  readonly problems: InputProblem[];
}

interface Scope {
  /** Filter objects from the root to this one, inclusive. */
  readonly level: number;
  /** Inside a field's value, where operators apply to that field and `_some`/`_none` are allowed. */
  readonly underField: boolean;
}

const OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS);
const LOGICAL: ReadonlySet<string> = new Set(LOGICAL_OPERATORS);
const QUANTIFIERS: ReadonlySet<string> = new Set(RELATIONAL_QUANTIFIERS);
const FUNCTIONS: ReadonlySet<string> = new Set(FIELD_FUNCTIONS);
const LIST_OPERATORS: ReadonlySet<string> = new Set(["_in", "_nin"]);
const RANGE_OPERATORS: ReadonlySet<string> = new Set(["_between", "_nbetween"]);
const FLAG_OPERATORS: ReadonlySet<string> = new Set(["_null", "_nnull", "_empty", "_nempty", "_submitted"]);
const VARIABLES_WITH_PATHS: readonly string[] = [
  "$CURRENT_USER",
  "$CURRENT_ROLE",
  "$CURRENT_ROLES",
  "$CURRENT_POLICIES",
];

// Directus takes field names with "-" over its API (e.g. "hero-image"), though the Studio writes "_".
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
const IDENTIFIER_CHARACTER = /[A-Za-z0-9_-]/;
const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const COLLECTION_CHARACTER = /[A-Za-z0-9_-]/;
const FUNCTION_KEY = /^([A-Za-z_]+)\((.*)\)$/s;
const NOW_WITH_ADJUSTMENT = /^\$NOW\((.*)\)$/s;
const NOW_ADJUSTMENT =
  /^[+-]?(\d+(\.\d+)?|\.\d+)\s*(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mth|mo|years?|yrs?|y)$/i;

const PREVIEW_LENGTH = 40;
const VALID_VARIABLES =
  "$CURRENT_USER, $CURRENT_ROLE, $CURRENT_ROLES, $CURRENT_POLICIES (each optionally followed by a field path, " +
  "e.g. $CURRENT_USER.id or $CURRENT_USER.role.name), $NOW, or $NOW(<adjustment>) such as $NOW(-1 year) or $NOW(+2 days)";

// ---------------------------------------------------------------------------------------------
// Filters and validation rules
// ---------------------------------------------------------------------------------------------

/**
 * Problems in a permission filter (`kind: "filter"`) or validation rule (`kind: "validation"`), checked
 * against Directus' filter grammar. `null`/`undefined` mean "no rule" and have none.
 */
export function filterProblems(value: unknown, kind: RuleKind): InputProblem[] {
  if (value === null || value === undefined) return [];
  if (!isPlainObject(value)) {
    return [
      {
        path: [],
        message: `the ${kind} must be an object such as { status: { _eq: "published" } }, not ${describe(value)}. Fix: write the rule as an object of fields and operators, or leave it unset for no rule.`,
      },
    ];
  }
  const sizeProblem = jsonSizeProblem(value, `the ${kind}`);
  if (sizeProblem) return [sizeProblem];

  const walk: Walk = { kind, problems: [] };
  checkFilterObject(walk, value, [], { level: 1, underField: false });
  return capProblems(walk.problems);
}

function checkFilterObject(walk: Walk, filter: JsonObject, path: PathSegment[], scope: Scope): void {
  for (const [key, child] of Object.entries(filter)) {
    const at = [...path, key];
    if (LOGICAL.has(key)) checkLogicalGroup(walk, key, child, at, scope);
    else if (QUANTIFIERS.has(key)) checkQuantifier(walk, key, child, at, scope);
    else if (key.startsWith("_")) checkOperatorEntry(walk, key, child, at, scope);
    else checkFieldEntry(walk, key, child, at, scope);
  }
}

/** Descends one filter level, refusing to go past the depth limit. */
function enterFilter(walk: Walk, filter: JsonObject, path: PathSegment[], parent: Scope, underField: boolean): void {
  const scope: Scope = { level: parent.level + 1, underField };
  if (scope.level > FILTER_MAX_DEPTH) {
    report(
      walk,
      path,
      `the ${walk.kind} nests deeper than ${FILTER_MAX_DEPTH} levels here. Fix: flatten it, e.g. merge nested _and groups or filter on a closer relation.`,
    );
    return;
  }
  checkFilterObject(walk, filter, path, scope);
}

function checkLogicalGroup(walk: Walk, key: string, members: unknown, path: PathSegment[], scope: Scope): void {
  if (!Array.isArray(members) || members.length === 0) {
    report(
      walk,
      path,
      `"${key}" must be a non-empty array of filter objects, not ${describe(members)}. Fix: write { ${key}: [{ status: { _eq: "a" } }, { status: { _eq: "b" } }] }.`,
    );
    return;
  }
  members.forEach((member: unknown, index) => {
    checkGroupMember(walk, key, member, [...path, index], scope);
  });
}

function checkGroupMember(walk: Walk, key: string, member: unknown, path: PathSegment[], scope: Scope): void {
  if (!isPlainObject(member)) {
    report(
      walk,
      path,
      `each "${key}" entry must be a filter object, not ${describe(member)}. Fix: replace it with a condition such as { status: { _eq: "published" } }, or remove it.`,
    );
    return;
  }
  if (isEmptyObject(member)) {
    report(
      walk,
      path,
      `this "${key}" entry is an empty object, which matches every item. Fix: add a condition to it, or remove it.`,
    );
    return;
  }
  enterFilter(walk, member, path, scope, scope.underField);
}

function checkQuantifier(walk: Walk, key: string, related: unknown, path: PathSegment[], scope: Scope): void {
  if (!scope.underField) {
    report(
      walk,
      path,
      `"${key}" only applies inside a one-to-many or many-to-many field, e.g. { comments: { ${key}: { status: { _eq: "approved" } } } }. Fix: move it under the relational field.`,
    );
    return;
  }
  if (!isPlainObject(related) || isEmptyObject(related)) {
    report(
      walk,
      path,
      `"${key}" must be a non-empty filter on the related items, not ${describe(related)}. Fix: write { ${key}: { status: { _eq: "approved" } } }.`,
    );
    return;
  }
  enterFilter(walk, related, path, scope, false);
}

/** A `_`-prefixed key that is neither a logical group nor a quantifier: an operator on the enclosing field. */
function checkOperatorEntry(walk: Walk, key: string, argument: unknown, path: PathSegment[], scope: Scope): void {
  const keyProblem = operatorKeyProblem(walk.kind, key);
  if (keyProblem) {
    report(walk, path, keyProblem);
    return;
  }
  if (!scope.underField) {
    report(
      walk,
      path,
      `operator "${key}" must be applied to a field, e.g. { status: { ${key}: ... } }. Fix: move it under the field it should test.`,
    );
    return;
  }
  checkOperatorArgument(walk, key, argument, path);
}

function checkFieldEntry(walk: Walk, key: string, value: unknown, path: PathSegment[], scope: Scope): void {
  const keyProblem = filterKeyProblem(key);
  if (keyProblem) report(walk, path, keyProblem);

  if (!isPlainObject(value)) {
    report(walk, path, fieldValueMessage(key, value));
    return;
  }
  if (isEmptyObject(value)) {
    report(
      walk,
      path,
      `field ${quote(key)} has an empty condition {}. Fix: add an operator such as { _eq: ... }, or remove the field.`,
    );
    return;
  }
  if (FUNCTION_KEY.test(key) && Object.keys(value).some((child) => !child.startsWith("_"))) {
    report(
      walk,
      path,
      `${quote(key)} is a function of a field, so it takes operators such as { _eq: 2024 }, not a nested filter. Fix: compare the function's result with an operator.`,
    );
    return;
  }
  enterFilter(walk, value, path, scope, true);
}

function checkOperatorArgument(walk: Walk, operator: string, argument: unknown, path: PathSegment[]): void {
  const shapeProblem = argumentShapeProblem(operator, argument);
  if (shapeProblem) {
    report(walk, path, shapeProblem);
    return;
  }
  checkValueStrings(walk.problems, argument, path, 0);
}

/** Why `key` is not an operator usable in a rule of `kind`, or undefined when it is. */
function operatorKeyProblem(kind: RuleKind, key: string): string | undefined {
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

function argumentShapeProblem(operator: string, argument: unknown): string | undefined {
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

/** Why a filter key is not a usable field reference, or undefined when it is. */
function filterKeyProblem(key: string): string | undefined {
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

function fieldValueMessage(key: string, value: unknown): string {
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

// ---------------------------------------------------------------------------------------------
// Dynamic variables and plain values
// ---------------------------------------------------------------------------------------------

/**
 * Why a string that looks like a Directus dynamic variable (starts with `$CURRENT` or `$NOW`) is not
 * one Directus can resolve, or undefined when it is valid or is not meant as a variable.
 */
export function dynamicVariableProblem(value: string): string | undefined {
  if (!value.startsWith("$CURRENT") && !value.startsWith("$NOW")) return undefined;
  if (isValidDynamicVariable(value)) return undefined;

  const adjustment = NOW_WITH_ADJUSTMENT.exec(value);
  if (adjustment) {
    return `${quote(value)} has a $NOW adjustment Directus cannot read. Fix: write $NOW(<sign><number> <unit>), e.g. $NOW(-1 year), $NOW(+2 days) or $NOW(-30 minutes).`;
  }
  const dot = value.indexOf(".");
  const head = dot === -1 ? value : value.slice(0, dot);
  if (VARIABLES_WITH_PATHS.includes(head)) {
    return `${quote(value)} has an invalid field path after "${head}.". Fix: join field names with dots, e.g. ${head}.id or ${head}.role.name.`;
  }
  const suggestion = closestMatch(head, DYNAMIC_VARIABLES, 3);
  const instead = suggestion ? `use "${suggestion}${dot === -1 ? "" : value.slice(dot)}" instead; ` : "";
  return `${quote(value)} is not a Directus dynamic variable, so Directus would not replace it with the current user, role or time. Fix: ${instead}valid variables are ${VALID_VARIABLES}.`;
}

function isValidDynamicVariable(value: string): boolean {
  if (value === "$NOW") return true;
  const adjustment = NOW_WITH_ADJUSTMENT.exec(value);
  if (adjustment) return NOW_ADJUSTMENT.test((adjustment[1] ?? "").trim());
  const dot = value.indexOf(".");
  if (dot === -1) return VARIABLES_WITH_PATHS.includes(value);
  return VARIABLES_WITH_PATHS.includes(value.slice(0, dot)) && isFieldPath(value.slice(dot + 1));
}

function isFieldPath(path: string): boolean {
  return path.split(".").every((part) => IDENTIFIER.test(part));
}

/** Checks every string inside an operator argument or preset value for misspelled dynamic variables. */
function checkValueStrings(problems: InputProblem[], value: unknown, path: PathSegment[], depth: number): void {
  if (typeof value === "string") {
    const problem = dynamicVariableProblem(value);
    if (problem) problems.push({ path, message: problem });
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (depth >= ARGUMENT_MAX_DEPTH) {
    problems.push({
      path,
      message: `this value nests deeper than ${ARGUMENT_MAX_DEPTH} levels. Fix: flatten it; filter values and presets are plain values, lists or small objects such as GeoJSON.`,
    });
    return;
  }
  const entries: [PathSegment, unknown][] = Array.isArray(value)
    ? value.map((child: unknown, index): [PathSegment, unknown] => [index, child])
    : Object.entries(value);
  for (const [key, child] of entries) checkValueStrings(problems, child, [...path, key], depth + 1);
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------

/**
 * Problems in permission presets: a plain object of field name to default value. `null`/`undefined`
 * mean "no presets" and have none.
 */
export function presetsProblems(value: unknown): InputProblem[] {
  if (value === null || value === undefined) return [];
  if (!isPlainObject(value)) {
    return [
      {
        path: [],
        message: `presets must be an object of field to default value, such as { status: "draft" }, not ${describe(value)}. Fix: write one key per field, or leave presets unset.`,
      },
    ];
  }
  const sizeProblem = jsonSizeProblem(value, "the presets");
  if (sizeProblem) return [sizeProblem];

  const problems: InputProblem[] = [];
  for (const [field, preset] of Object.entries(value)) {
    const keyProblem = identifierProblem(field, "preset field name");
    if (keyProblem) problems.push({ path: [field], message: keyProblem });
    checkValueStrings(problems, preset, [field], 0);
  }
  return capProblems(problems);
}

// ---------------------------------------------------------------------------------------------
// Names and text
// ---------------------------------------------------------------------------------------------

/** Why `name` cannot be a Directus collection name (varchar(64), letters, digits, `_`, `-`), or undefined. */
export function collectionNameProblem(name: string): string | undefined {
  if (name.length === 0) return `collection name is empty. Fix: name a collection, e.g. "posts".`;
  if (name.length > IDENTIFIER_MAX_LENGTH) {
    return `collection name ${quote(name)} is longer than the ${IDENTIFIER_MAX_LENGTH} characters Directus allows. Fix: use the collection's real name, e.g. "posts" or "directus_files".`;
  }
  if (COLLECTION_NAME.test(name)) return undefined;
  const problem = name.startsWith("-")
    ? `starts with "-"`
    : `contains ${describeCharacter(firstCharacterNotMatching(name, COLLECTION_CHARACTER))}`;
  return `collection name ${quote(name)} ${problem}; Directus collection names use only letters, digits, _ and - (no spaces, dots or slashes) and do not start with -. Fix: use the collection's exact key, e.g. "blog_posts" or "my-collection".`;
}

/**
 * Why `name` cannot appear in a permission's field list, or undefined. Accepts `*`, a field name,
 * and relational paths such as `author.name` or `author.*`.
 */
export function fieldNameProblem(name: string): string | undefined {
  if (name === "*") return undefined;
  const parts = name.split(".");
  if (parts.length > RELATIONAL_MAX_DEPTH) {
    return `field path ${quote(name)} is ${parts.length} relations deep; Directus reads at most ${RELATIONAL_MAX_DEPTH} (MAX_RELATIONAL_DEPTH). Fix: list the field on a closer relation.`;
  }
  for (const [index, part] of parts.entries()) {
    const isLast = index === parts.length - 1;
    if (part === "*" && isLast) continue;
    const problem = fieldPartProblem(name, part, parts.length > 1);
    if (problem) return problem;
  }
  return undefined;
}

function fieldPartProblem(name: string, part: string, isPath: boolean): string | undefined {
  if (part === "*") {
    return `${quote(name)} uses "*" before a dot; "*" may only end a field path. Fix: write "*" or a path such as "author.*".`;
  }
  if (part.length === 0) {
    return isPath
      ? `field path ${quote(name)} has an empty part (a leading, trailing or doubled dot). Fix: write it like "author.name".`
      : `field name is empty. Fix: name a field, e.g. "title", or use "*" for all fields.`;
  }
  return identifierProblem(part, isPath ? `field path ${quote(name)}: part` : "field name");
}

/**
 * Why `value` is too long for a column holding at most `max` characters, or undefined. `what` names the
 * input in the message, e.g. "role name". Characters are counted as code points, like the database does.
 */
export function textLimitProblem(value: string, what: string, max: number): string | undefined {
  const length = characterCount(value);
  if (length <= max) return undefined;
  return `${what} is ${length} characters long; the limit is ${max}. Fix: shorten it to at most ${max} characters.`;
}

function identifierProblem(name: string, what: string): string | undefined {
  if (name.length === 0) return `${what} is empty. ${identifierFix(name)}`;
  if (name.length > IDENTIFIER_MAX_LENGTH) {
    return `${what} ${quote(name)} is longer than the ${IDENTIFIER_MAX_LENGTH} characters Directus allows. ${identifierFix(name)}`;
  }
  if (IDENTIFIER.test(name)) return undefined;
  const character = describeCharacter(firstCharacterNotMatching(name, IDENTIFIER_CHARACTER));
  return `${what} ${quote(name)} contains ${character}; Directus field names use only letters, digits, _ and -. ${identifierFix(name)}`;
}

function identifierFix(name: string): string {
  const suggestion = name.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, IDENTIFIER_MAX_LENGTH);
  const example = IDENTIFIER.test(suggestion) && suggestion !== name ? `, e.g. ${quote(suggestion)}` : "";
  return `Fix: use the field's exact key as shown in the data model${example}.`;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function report(walk: Walk, path: PathSegment[], message: string): void {
  walk.problems.push({ path, message });
}

function capProblems(problems: InputProblem[]): InputProblem[] {
  if (problems.length <= MAX_REPORTED_PROBLEMS) return problems;
  const hidden = problems.length - MAX_REPORTED_PROBLEMS;
  return [
    ...problems.slice(0, MAX_REPORTED_PROBLEMS),
    { path: [], message: `${hidden} more problems are not shown. Fix: correct the ones above and preview again.` },
  ];
}

function jsonSizeProblem(value: JsonObject, what: string): InputProblem | undefined {
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

function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isEmptyObject(value: JsonObject): boolean {
  return Object.keys(value).length === 0;
}

function isFlag(value: unknown): boolean {
  return typeof value === "boolean" || value === "true" || value === "false";
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** A short human description of a value for messages, never echoing more than a preview of it. */
function describe(value: unknown): string {
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

/** Quotes text for a message, cutting long text to a preview that states its full length. */
function quote(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, PREVIEW_LENGTH))}… (${text.length} characters)`;
}

function literal(value: string | number | boolean): string {
  return typeof value === "string" ? quote(value) : String(value);
}

function exampleList(argument: unknown): string {
  return isScalar(argument) ? `[${literal(argument)}]` : `["a", "b"]`;
}

/** The key itself when it is short and plain enough to show in an example, else a placeholder. */
function exampleKey(key: string): string {
  return key.length <= PREVIEW_LENGTH && IDENTIFIER.test(key) ? key : "<field>";
}

function firstCharacterNotMatching(text: string, allowed: RegExp): string {
  for (const character of text) {
    if (!allowed.test(character)) return character;
  }
  return "";
}

function describeCharacter(character: string): string {
  const names: Record<string, string> = { " ": "a space", ".": 'a dot "."', "/": 'a slash "/"', "\\": "a backslash" };
  return names[character] ?? `the character ${JSON.stringify(character)}`;
}

function characterCount(text: string): number {
  let count = 0;
  for (const _character of text) count++;
  return count;
}

/** The candidate within `maxDistance` edits of `text` (first one on ties), or undefined. */
function closestMatch(text: string, candidates: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - text.length) >= bestDistance) continue;
    const distance = editDistance(text, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
