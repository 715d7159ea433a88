/** The words of Directus' filter grammar: operators, logical groups, relational quantifiers and field functions. */

/** Which permission property a rule object comes from; both use the Directus filter grammar. */
export type RuleKind = "filter" | "validation";

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
