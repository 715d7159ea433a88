/**
 * Checks for inputs Directus would store but cannot use: malformed permission filter and validation
 * rules, presets, collection and field names, and text longer than the column that holds it.
 * Pure logic with no I/O, so it runs at preview before anything is written to Directus.
 *
 * The checks live in column-limits.ts (text columns), names.ts (collection and field keys) and
 * filter-grammar/ (filters, validation rules, presets); this module keeps their public API in one place.
 */

export {
  DESCRIPTION_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  ICON_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  POLICY_NAME_MAX_LENGTH,
  PROJECT_NAME_MAX_LENGTH,
  ROLE_NAME_MAX_LENGTH,
  textLimitProblem,
} from "./column-limits";
export {
  ARGUMENT_MAX_DEPTH,
  DYNAMIC_VARIABLES,
  dynamicVariableProblem,
  FIELD_FUNCTIONS,
  FILTER_MAX_DEPTH,
  FILTER_OPERATORS,
  FILTER_RULES_DOCS_URL,
  type FilterOperator,
  filterProblems,
  LOGICAL_OPERATORS,
  presetsProblems,
  RELATIONAL_QUANTIFIERS,
  RULE_JSON_MAX_BYTES,
  type RuleKind,
  VALIDATION_ONLY_OPERATORS,
} from "./filter-grammar/index";
export { type InputProblem, MAX_REPORTED_PROBLEMS, type PathSegment } from "./input-problems";
export { collectionNameProblem, fieldNameProblem, IDENTIFIER_MAX_LENGTH, RELATIONAL_MAX_DEPTH } from "./names";
