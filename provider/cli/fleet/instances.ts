/**
 * The instances file of `audit --instances`: a name, a URL and the environment variable that holds
 * each instance's token. YAML or JSON; a token in the file is refused, so the file can be committed.
 */

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export interface FleetInstance {
  readonly name: string;
  readonly url: string;
  /** The environment variable that holds the instance's admin static token. */
  readonly tokenEnv: string;
}

const instanceSchema = z.strictObject({
  name: z.string().trim().min(1, "needs a name"),
  url: z.string().regex(/^https?:\/\/[^/\s]+/i, "must be an http(s) URL such as https://cms.example.com"),
  tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must name an environment variable, e.g. ACME_DIRECTUS_TOKEN"),
});

const fileSchema = z.union([
  z.strictObject({ instances: z.array(z.unknown()).min(1, "lists no instance") }),
  z.array(z.unknown()).min(1, "lists no instance"),
]);

const EXAMPLE = "instances:\n  - name: acme\n    url: https://cms.acme.example\n    tokenEnv: ACME_DIRECTUS_TOKEN";

function invalid(file: string, where: string, problem: string): Error {
  return new Error(`${file}: ${where} ${problem}. An instances file looks like this (YAML or JSON):\n${EXAMPLE}`);
}

function instanceOf(file: string, value: unknown, index: number): FleetInstance {
  const where = `instances[${index}]`;
  if (value !== null && typeof value === "object" && ("token" in value || "password" in value)) {
    throw new Error(
      `${file}: ${where} holds a token or password. Never put one in the instances file: export it in an environment variable and name that variable with tokenEnv (e.g. tokenEnv: ACME_DIRECTUS_TOKEN).`,
    );
  }
  const parsed = instanceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue && issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
    throw invalid(file, `${where}${key}`, issue?.message ?? "is not an instance");
  }
  return { ...parsed.data, url: parsed.data.url.replace(/\/+$/, "") };
}

/** The instances of the file's text; names must be unique (they name the results). */
export function parseInstances(text: string, file: string): FleetInstance[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${file} is neither YAML nor JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) throw invalid(file, "the file", parsed.error.issues[0]?.message ?? "has no instances list");
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.instances;
  const instances = list.map((value, index) => instanceOf(file, value, index));
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.name)) throw invalid(file, `the name '${instance.name}'`, "is used twice");
    seen.add(instance.name);
  }
  return instances;
}

export function readInstances(file: string): FleetInstance[] {
  return parseInstances(readFileSync(file, "utf8"), file);
}
