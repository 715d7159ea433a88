/** Permission presets: the default value Directus writes into each named field of a created or updated item. */
import { capProblems, type InputProblem } from "../input-problems";
import { isPlainObject } from "../json-values";
import { describe } from "../message-text";
import { identifierProblem } from "../names";
import { jsonSizeProblem } from "./limits";
import { checkValueStrings } from "./values";

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
