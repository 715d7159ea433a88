/**
 * Validates SARIF logs against the official SARIF 2.1.0 schema (the copy @microsoft/jest-sarif ships).
 *
 * The schema is draft-04, which Ajv 8 does not read: it identifies itself with `id` instead of `$id`
 * and names the draft-04 meta-schema. Nothing else in it differs between draft-04 and draft-07 (no
 * boolean `exclusiveMinimum`/`exclusiveMaximum`), so it is compiled as draft-07 after renaming that one
 * keyword. Its three formats are checked by the validators below rather than skipped.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

const SCHEMA_PATH = path.join(
  __dirname,
  "..",
  "..",
  "node_modules",
  "@microsoft",
  "jest-sarif",
  "lib",
  "schemas",
  "sarif-2.1.0-rtm.5.json",
);

/** RFC 3339 date-time, as JSON Schema's `date-time` format defines it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** An absolute URI: a scheme, then anything URL parsing accepts. */
function isUri(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && URL.canParse(value);
}

/** A URI or a relative reference (resolved against a dummy base to check its syntax). */
function isUriReference(value: string): boolean {
  return !/\s/.test(value) && URL.canParse(value, "https://base.invalid/");
}

function draft07(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _draft04, id, ...rest } = schema;
  return { ...rest, $id: id };
}

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  // unicodeRegExp off: one of the schema's patterns has a lone `]`, which `u`-flag regexes refuse.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat("date-time", isDateTime);
  ajv.addFormat("uri", isUri);
  ajv.addFormat("uri-reference", isUriReference);
  return ajv.compile(draft07(schema));
}

function errorText(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  return `${where}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

/** The schema violations of `log`; an empty list means it is a valid SARIF 2.1.0 log. */
export function validateSarif(log: unknown): string[] {
  validator ??= compile();
  if (validator(log)) return [];
  return (validator.errors ?? []).map(errorText);
}
