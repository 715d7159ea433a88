/** zod refinements shared by the input schemas (kept free of @pulumi/pulumi, so the CLI starts fast). */
import { z } from "zod";
import { type InputProblem, textLimitProblem } from "./input-limits";

/** A zod refinement that reports every problem `check` finds, each at its own path. */
export function reportProblems<T>(check: (value: T) => InputProblem[]) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    for (const problem of check(value)) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
  };
}

/** A zod refinement for checks that return one message (or undefined when the value is fine). */
export function reportProblem<T>(check: (value: T) => string | undefined) {
  return reportProblems<T>((value) => {
    const message = check(value);
    return message === undefined ? [] : [{ path: [], message }];
  });
}

/** A string input stored in a column of at most `max` characters. */
export function limitedText(what: string, max: number) {
  return z.string().superRefine(reportProblem((value: string) => textLimitProblem(value, what, max)));
}
