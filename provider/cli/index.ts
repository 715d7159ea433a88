#!/usr/bin/env node
/**
 * `pulumi-directus`: bring an existing instance under management (`import`), judge a live instance
 * with the provider's rules (`audit`), and summarize a stack change for review (`review`).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { type InstanceAt, instanceAt } from "../engine/instance-reader";
import { MODEL_PARTS, type ModelPart } from "../model/instance";
import { limitsFrom } from "../rules/limits";
import { auditFindings } from "./audit";
import {
  AUDIT_FORMATS,
  type AuditFormat,
  type AuditReport,
  auditExitCode,
  auditPrincipals,
  type FailOn,
  formatAudit,
  permissionMatrix,
} from "./audit-report";
import { fleetExitCode, formatFleet } from "./fleet/format";
import { type FleetInstance, readInstances } from "./fleet/instances";
import { auditFleet } from "./fleet/run";
import { generateProgram } from "./import/generate";
import { projectFiles, writeProject } from "./import/project";

interface PackageInfo {
  version: string;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** This package's package.json (the CLI runs from dist/provider/cli, or from the sources in development). */
function packageInfo(): PackageInfo {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const info = JSON.parse(readFileSync(file, "utf8")) as PackageInfo & { name?: string };
    if (info.name === "pulumi-directus") return info;
  }
  throw new Error("cannot find pulumi-directus' package.json");
}

function parts(value: string): ModelPart[] {
  const list = value.split(",").map((part) => part.trim());
  const unknown = list.filter((part) => !(MODEL_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown part(s) ${unknown.join(", ")}; choose from ${MODEL_PARTS.join(", ")}`);
  }
  return list as ModelPart[];
}

function progress(quiet: boolean | undefined, instance?: string): (what: string) => void {
  return (what) => {
    if (!quiet) process.stderr.write(`reading ${instance ? `${instance}: ` : ""}${what} ...\n`);
  };
}

const LIMITS = () => limitsFrom((key) => process.env[key.replace(":", "_").toUpperCase()]);

async function runImport(options: {
  url?: string;
  out: string;
  only?: ModelPart[];
  name?: string;
  packageSpec?: string;
  production?: boolean;
  quiet?: boolean;
}): Promise<void> {
  // The token only from DIRECTUS_TOKEN (never a flag, which lands in shell history).
  const instance = instanceAt(options.url);
  const model = await instance.read({ onStep: progress(options.quiet) });
  const selected = new Set<ModelPart>(options.only ?? MODEL_PARTS);
  const findings = auditFindings(model, LIMITS(), options.production);
  const program = generateProgram(model, { parts: selected, findings });
  const prettier = await import("prettier");
  const index = await prettier.format(program.source, { parser: "babel-ts", printWidth: 100 });
  const info = packageInfo();
  const out = path.resolve(options.out);
  const name = options.name ?? path.basename(out).replace(/[^A-Za-z0-9_.-]/g, "-");
  const files = projectFiles(
    {
      name,
      packageSpec: options.packageSpec ?? `^${info.version}`,
      pulumiVersion: info.devDependencies?.["@pulumi/pulumi"] ?? "^3",
      sourceUrl: instance.url,
      counts: program.counts,
      acknowledged: program.acknowledged,
      blocking: program.blocking,
      refused: program.refused,
      kept: program.kept,
    },
    index,
  );
  writeProject(out, files);
  const total = Object.values(program.counts).reduce((a, b) => a + b, 0);
  process.stderr.write(`wrote ${total} resources to ${path.join(out, "index.ts")}\n`);
  for (const finding of program.acknowledged) {
    process.stderr.write(
      `acknowledged ${finding.ruleId} on ${finding.object.kind} "${finding.object.name}": ${finding.message}\n`,
    );
  }
  for (const finding of program.blocking) {
    process.stderr.write(
      `pulumi preview would refuse: ${finding.ruleId} on ${finding.object.kind} "${finding.object.name}": ${finding.message}\n`,
    );
  }
  for (const note of program.refused) {
    process.stderr.write(
      `pulumi preview would refuse: ${note.object.kind} "${note.object.name}" ${note.property}: ${note.text}\n`,
    );
  }
  if (program.kept.length > 0) {
    process.stderr.write(
      `kept as the instance has them (a program could not write them; see README.md): ${program.kept.length} value(s)\n`,
    );
  }
}

interface AuditOptions {
  url?: string;
  instances?: string;
  concurrency: number;
  format: AuditFormat;
  failOn: FailOn;
  production?: boolean;
  quiet?: boolean;
}

async function auditReportOf(instance: InstanceAt, options: AuditOptions, name?: string): Promise<AuditReport> {
  const model = await instance.read({ onStep: progress(options.quiet, name) });
  return {
    instance: { url: instance.url, version: model.version },
    findings: auditFindings(model, LIMITS(), options.production),
    matrix: permissionMatrix(model),
    principals: auditPrincipals(model),
  };
}

/** One instance of a fleet, with the token from the environment variable the instances file names. */
function auditFleetInstance(instance: FleetInstance, file: string, options: AuditOptions): Promise<AuditReport> {
  if (!process.env[instance.tokenEnv]) {
    throw new Error(
      `the environment variable ${instance.tokenEnv} is not set: export it with ${instance.name}'s admin static token`,
    );
  }
  const urlSource = `the url of '${instance.name}' in ${file}`;
  return auditReportOf(instanceAt(instance.url, { tokenEnv: instance.tokenEnv, urlSource }), options, instance.name);
}

async function runAudit(options: AuditOptions): Promise<void> {
  const version = packageInfo().version;
  if (options.instances !== undefined) {
    const instances = readInstances(options.instances);
    const entries = await auditFleet(instances, options.concurrency, (i) =>
      auditFleetInstance(i, options.instances ?? "", options),
    );
    process.stdout.write(formatFleet(entries, options.format, version));
    process.exitCode = fleetExitCode(entries, options.failOn);
    return;
  }
  // The token only from DIRECTUS_TOKEN (never a flag, which lands in shell history).
  const report = await auditReportOf(instanceAt(options.url), options);
  process.stdout.write(formatAudit(report, options.format, version));
  process.exitCode = auditExitCode(report, options.failOn);
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return number;
}

async function runReview(options: { preview?: string; format: "markdown" | "html" }): Promise<void> {
  // Loaded on use: `import` and `audit` start without it.
  const { formatReview, previewJson, reviewHtml, reviewPreview } = await import("./review");
  const fromStdin = options.preview === undefined || options.preview === "-";
  const text = readFileSync(fromStdin ? 0 : (options.preview ?? ""), "utf8");
  const json = previewJson(text, fromStdin ? "standard input" : (options.preview ?? ""));
  process.stdout.write(
    options.format === "html" ? reviewHtml(json, packageInfo().version) : formatReview(reviewPreview(json)),
  );
}

export function cli(): Command {
  const program = new Command("pulumi-directus")
    .description("Directus access control as code: import an instance, audit it, review stack changes.")
    .version(packageInfo().version)
    .showHelpAfterError();
  const url = new Option(
    "--url <url>",
    "Directus base URL (default: $DIRECTUS_URL); the token is read from $DIRECTUS_TOKEN",
  );
  const production = new Option("--production", "judge the password policy by production standards (DSEC-007)");
  program
    .command("import")
    .description("write a Pulumi project that adopts the instance's roles, policies, permissions, links and settings")
    .addOption(url)
    .requiredOption("--out <dir>", "folder to write the project to")
    .option("--only <parts>", `comma-separated subset of ${MODEL_PARTS.join(",")}`, parts)
    .option("--name <name>", "Pulumi project name (default: the folder's name)")
    .option("--package-spec <spec>", "how package.json asks for pulumi-directus (default: ^<this version>)")
    .addOption(production)
    .option("--quiet", "no progress on stderr")
    .action(runImport);
  program
    .command("audit")
    .description(
      "check a live instance (or a fleet of them) with the provider's security rules and print its permission matrix",
    )
    .addOption(url)
    .addOption(
      new Option(
        "--instances <file>",
        "audit every instance of a YAML or JSON file (name, url, tokenEnv: the variable holding its token)",
      ).conflicts("url"),
    )
    .addOption(
      new Option("--concurrency <n>", "with --instances: how many instances to read at once")
        .argParser(positiveInteger)
        .default(4),
    )
    .addOption(new Option("--format <format>", "output format").choices(AUDIT_FORMATS).default("text"))
    .addOption(
      new Option(
        "--fail-on <level>",
        "exit 1 when findings at this level exist (a fleet: 2 when an instance was not audited)",
      )
        .choices(["error", "warning", "never"])
        .default("error"),
    )
    .addOption(production)
    .option("--quiet", "no progress on stderr")
    .action(runAudit);
  program
    .command("review")
    .description("summarize `pulumi preview --json` for a pull request (Markdown), or as a page with the matrix (HTML)")
    .option("--preview <file>", "the preview's JSON (default: standard input)")
    .addOption(
      new Option("--format <format>", "markdown for a comment; html marks the matrix cells the change moves")
        .choices(["markdown", "html"])
        .default("markdown"),
    )
    .action(runReview);
  return program;
}

if (require.main === module) {
  cli()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`pulumi-directus: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    });
}
