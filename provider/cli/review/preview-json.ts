/**
 * The shape of `pulumi preview --json`, and reading it from a file.
 *
 * What the preview JSON holds (and what the review relies on):
 * - `steps[]`: `op` (create, update, replace, delete, ...; unchanged resources are mostly left out),
 *   `urn`, `oldState` / `newState` with `type`, `id`, `inputs` (validated and normalized by the
 *   provider's check), `outputs` and `propertyDependencies` (which resource each input came from: the
 *   only link to a resource whose id is still unknown at preview).
 * - `diagnostics[]`: `severity`, `message` (prefixed `error: ` / `warning: `), `urn` when the message
 *   belongs to a resource. The guardrails tag rule messages `[DSEC-001 public-write] ...`.
 * - `changeSummary`: resources per operation.
 * A refused preview still prints this JSON (and exits non-zero); its steps may stop short of the plan.
 */

import { readFileSync } from "node:fs";
import { z } from "zod";

/** An object of input or output properties. */
export const propertyMapSchema = z.record(z.string(), z.unknown());

const stateSchema = z.object({
  urn: z.string().optional(),
  type: z.string(),
  id: z.string().optional(),
  inputs: propertyMapSchema.optional(),
  outputs: propertyMapSchema.optional(),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
});

const stepSchema = z.object({
  op: z.string(),
  urn: z.string(),
  oldState: stateSchema.optional(),
  newState: stateSchema.optional(),
});

const diagnosticSchema = z.object({
  urn: z.string().optional(),
  message: z.string(),
  severity: z.string(),
});

const previewSchema = z
  .object({
    steps: z.array(stepSchema).optional(),
    diagnostics: z.array(diagnosticSchema).optional(),
    changeSummary: z.record(z.string(), z.number()).optional(),
  })
  .refine((value) => value.steps !== undefined || value.diagnostics !== undefined, {
    message: "has neither 'steps' nor 'diagnostics'",
  });

export type PreviewJson = z.output<typeof previewSchema>;
export type PreviewStep = z.output<typeof stepSchema>;
export type PreviewState = z.output<typeof stateSchema>;
export type PreviewDiagnostic = z.output<typeof diagnosticSchema>;

function notAPreview(reason: string): Error {
  return new Error(
    `this is not the output of 'pulumi preview --json': ${reason}. Run 'pulumi preview --json > preview.json' in the Pulumi project and pass that file.`,
  );
}

function describeNonObject(value: unknown): string {
  return Array.isArray(value) ? "an array" : typeof value;
}

/** The preview, checked against the shape above; a clear error for anything else (e.g. a state file). */
export function parsePreview(previewJson: unknown): PreviewJson {
  if (previewJson === null || typeof previewJson !== "object" || Array.isArray(previewJson)) {
    throw notAPreview(`expected a JSON object, got ${describeNonObject(previewJson)}`);
  }
  if ("deployment" in previewJson) throw notAPreview("it looks like 'pulumi stack export' output (a state file)");
  const parsed = previewSchema.safeParse(previewJson);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw notAPreview(`${issue?.message ?? "unexpected shape"}${where}`);
}

/**
 * Reads a file written by `pulumi preview --json > file`. Text before the JSON object (a line some
 * tools print on stdout) is skipped.
 */
export function readPreviewFile(file: string): unknown {
  return previewJson(readFileSync(file, "utf8"), file);
}

/** The preview JSON in `text` (from `source`, for messages); text printed before the JSON is skipped. */
export function previewJson(text: string, source: string): unknown {
  if (text.trim() === "") {
    throw new Error(
      `${source} is empty: 'pulumi preview --json' printed no plan (it failed before planning; its error output says why).`,
    );
  }
  const start = text.search(/^\{/m);
  try {
    return JSON.parse(start > 0 ? text.slice(start) : text);
  } catch (error) {
    throw new Error(
      `${source} is not JSON (${error instanceof Error ? error.message : String(error)}): pass the output of 'pulumi preview --json'.`,
    );
  }
}
