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

/**
 * Characters a name must not hide: control characters (line breaks too, unless the text may span
 * lines) and invisible format characters such as a right-to-left override or a zero-width space. The
 * zero-width joiner and tag characters stay allowed: emoji sequences (👩‍💻, subdivision flags) use them.
 */
const INVISIBLE = /(?!\u200d|[\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}]/u;
const INVISIBLE_IN_TEXT = /(?![\n\r\t]|\u200d|[\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}]/u;

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `value` holds a character nobody sees, or undefined. */
export function invisibleCharacterProblem(value: string, what: string, multiline = false): string | undefined {
  const found = (multiline ? INVISIBLE_IN_TEXT : INVISIBLE).exec(value);
  if (!found) return undefined;
  return `${what} contains the invisible character ${codePoint(found[0])} at position ${found.index + 1}, which the Studio would show as something else than is stored. Fix: remove it (copy the text from a plain-text source).`;
}

/**
 * A string input stored in a column of at most `max` characters. In strict mode (what a program may
 * write) it may not hold control or invisible format characters; a stored value keeps them as found.
 */
export function limitedText(what: string, max: number, options: { multiline?: boolean; strict?: boolean } = {}) {
  const checked = z.string().superRefine(reportProblem((value: string) => textLimitProblem(value, what, max)));
  if (options.strict === false) return checked;
  return checked.superRefine(
    reportProblem((value: string) => invisibleCharacterProblem(value, what, options.multiline)),
  );
}
