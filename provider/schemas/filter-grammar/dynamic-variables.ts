/** Directus' dynamic variables ($CURRENT_USER, $NOW, ...), which it replaces in filter values and presets. */
import { closestMatch } from "../closest-match";
import { quote } from "../message-text";
import { isFieldPath } from "../names";

/** Dynamic variables Directus replaces in filter values and presets. */
export const DYNAMIC_VARIABLES = [
  "$CURRENT_USER",
  "$CURRENT_ROLE",
  "$CURRENT_ROLES",
  "$CURRENT_POLICIES",
  "$NOW",
] as const;

const VARIABLES_WITH_PATHS: readonly string[] = [
  "$CURRENT_USER",
  "$CURRENT_ROLE",
  "$CURRENT_ROLES",
  "$CURRENT_POLICIES",
];
const NOW_WITH_ADJUSTMENT = /^\$NOW\((.*)\)$/s;
const NOW_ADJUSTMENT =
  /^[+-]?(\d+(\.\d+)?|\.\d+)\s*(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mth|mo|years?|yrs?|y)$/i;
const VALID_VARIABLES =
  "$CURRENT_USER, $CURRENT_ROLE, $CURRENT_ROLES, $CURRENT_POLICIES (each optionally followed by a field path, " +
  "e.g. $CURRENT_USER.id or $CURRENT_USER.role.name), $NOW, or $NOW(<adjustment>) such as $NOW(-1 year) or $NOW(+2 days)";

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
