/** The plain values inside operator arguments and presets: how deep they nest, and their dynamic variables. */
import type { InputProblem, PathSegment } from "../input-problems";
import { dynamicVariableProblem } from "./dynamic-variables";
import { ARGUMENT_MAX_DEPTH } from "./limits";

/** Checks every string inside an operator argument or preset value for misspelled dynamic variables. */
export function checkValueStrings(problems: InputProblem[], value: unknown, path: PathSegment[], depth: number): void {
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
