/**
 * Directus' filter grammar, as used by permission filters, validation rules and presets. Directus stores
 * a malformed rule and then fails every read through it, so these checks run at preview.
 *
 *   vocabulary.ts         operators, logical groups, quantifiers and field functions
 *   filters.ts            the walk through a filter or validation rule, with its depth limit
 *   field-entries.ts      field keys (functions, many-to-any scopes) and the values fields take
 *   operators.ts          operator keys and the argument each one takes
 *   values.ts             plain values inside arguments and presets
 *   dynamic-variables.ts  $CURRENT_USER, $NOW(...) and the like
 *   presets.ts            permission presets
 *   limits.ts             how deep and how large a rule may be
 */

export { DYNAMIC_VARIABLES, dynamicVariableProblem } from "./dynamic-variables";
export { filterProblems } from "./filters";
export { ARGUMENT_MAX_DEPTH, FILTER_MAX_DEPTH, RULE_JSON_MAX_BYTES } from "./limits";
export { presetsProblems } from "./presets";
export {
  FIELD_FUNCTIONS,
  FILTER_OPERATORS,
  FILTER_RULES_DOCS_URL,
  type FilterOperator,
  LOGICAL_OPERATORS,
  RELATIONAL_QUANTIFIERS,
  type RuleKind,
  VALIDATION_ONLY_OPERATORS,
} from "./vocabulary";
