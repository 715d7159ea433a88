/** What the input checks report: a problem at a path in the checked value, and how many are listed. */

/** One step into a checked value: an object key or an array index. */
export type PathSegment = string | number;

/** A problem found in an input: where it sits (keys and indexes from the root) and what to do about it. */
export interface InputProblem {
  path: PathSegment[];
  message: string;
}

/** Problems listed per checked value before the rest are summarized in one line. */
export const MAX_REPORTED_PROBLEMS = 20;

/** The first MAX_REPORTED_PROBLEMS problems, then one line counting the ones left out. */
export function capProblems(problems: InputProblem[]): InputProblem[] {
  if (problems.length <= MAX_REPORTED_PROBLEMS) return problems;
  const hidden = problems.length - MAX_REPORTED_PROBLEMS;
  return [
    ...problems.slice(0, MAX_REPORTED_PROBLEMS),
    { path: [], message: `${hidden} more problems are not shown. Fix: correct the ones above and preview again.` },
  ];
}
