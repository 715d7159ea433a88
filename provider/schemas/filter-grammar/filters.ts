/**
 * Walks a permission filter or validation rule through Directus' filter grammar: logical groups,
 * relational quantifiers, operators and field entries, each checked where it stands and at what depth.
 */
import { capProblems, type InputProblem, type PathSegment } from "../input-problems";
import { isEmptyObject, isPlainObject, type JsonObject } from "../json-values";
import { describe, quote } from "../message-text";
import { fieldValueMessage, filterKeyProblem, isFunctionKey } from "./field-entries";
import { FILTER_MAX_DEPTH, jsonSizeProblem } from "./limits";
import { argumentShapeProblem, operatorKeyProblem } from "./operators";
import { checkValueStrings } from "./values";
import { LOGICAL_OPERATORS, RELATIONAL_QUANTIFIERS, type RuleKind } from "./vocabulary";

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

const LOGICAL: ReadonlySet<string> = new Set(LOGICAL_OPERATORS);
const QUANTIFIERS: ReadonlySet<string> = new Set(RELATIONAL_QUANTIFIERS);

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
  if (isFunctionKey(key) && Object.keys(value).some((child) => !child.startsWith("_"))) {
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

function report(walk: Walk, path: PathSegment[], message: string): void {
  walk.problems.push({ path, message });
}
