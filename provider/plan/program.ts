/**
 * The whole-program guardrail, run inside the Pulumi program.
 *
 * Every resource of this package declares itself here when it is constructed and receives a
 * `__guard` input that resolves only when the whole program has been judged: the engine gets no
 * resource of this package (so nothing is created, updated or deleted) before that. A preview writes
 * nothing, so there the guard holds back only the resources the provider's own check could refuse
 * (provider-check.ts): the engine checks the others while the program is judged, the program stays
 * connected until the judgement is reported, and a refusal still fails the preview with every finding. The judgement
 * never waits for an id of a resource of this package, so programs whose resources refer to each other
 * cannot deadlock: a reference such as `policy: helpers.id` is followed to the declared resource and
 * stands for its existing id (from the stack's previous state) or a planned one.
 */
import * as pulumi from "@pulumi/pulumi";
import { type AnyDefinition, REPORTED_IN_PREVIEW } from "../engine/framework";
import { collectFacts } from "../engine/instance-reader";
import { DEFINITIONS } from "../engine/registry";
import type { Kind } from "../model/kinds";
import type { Declaration, ProgramFinding } from "./declarations";
import { type EarlyReads, judge } from "./judge";
import { liveClient, stackLimits } from "./live";
import { previousResources } from "./previous";
import { passesProviderCheck } from "./provider-check";
import { type ReportLine, reportLines } from "./report";

export type { ProgramFinding };

const declarations: Declaration[] = [];
/** Collections the program creates itself (outside this package), with their fields: part of the planned end state. */
const createdCollections = new Map<string, readonly string[]>();

/**
 * Tells the judgement which collections the program creates by other means (Directus' schema apply,
 * a script, another provider), so rules that look at the data model (DSEC-106) see them as planned:
 * a permission on a collection the same program creates is not a misspelling. Call it before, or
 * next to, the resources that grant access to them.
 */
export function plannedCollections(collections: readonly string[] | Readonly<Record<string, readonly string[]>>): void {
  const entries = Array.isArray(collections)
    ? collections.map((name): [string, readonly string[]] => [name, []])
    : Object.entries(collections as Readonly<Record<string, readonly string[]>>);
  for (const [name, fields] of entries) createdCollections.set(name, fields);
}
let pendingRound: Promise<void> | undefined;

let earlyReads: EarlyReads | undefined;
let roundsJudged = 0;

/**
 * Starts reading the stack's previous state and the live instance as soon as the program declares its
 * first resource, so the reads overlap the construction of the rest of the program instead of
 * holding every resource back after it. Only the first judgement uses them: a later round (resources
 * declared inside an `apply`) reads again, since objects may have been written in between.
 */
function startEarlyReads(): void {
  if (earlyReads || roundsJudged > 0) return;
  const previous = previousResources();
  const stackFacts = (async () => collectFacts(await liveClient(undefined)))();
  // Handled where they are awaited; these keep an early failure from counting as unhandled meanwhile.
  previous.catch(() => undefined);
  stackFacts.catch(() => undefined);
  earlyReads = { previous, stackFacts };
}

/** The early reads for the first round, then nothing (later rounds read afresh). */
function takeEarlyReads(): EarlyReads | undefined {
  const reads = roundsJudged === 0 ? earlyReads : undefined;
  roundsJudged += 1;
  earlyReads = undefined;
  return reads;
}

/**
 * Registers a resource of the program. Call before `super(...)` and pass the returned output as the
 * `__guard` input; call {@link attach} with the resource right after.
 */
export function declare(
  kind: Kind,
  name: string,
  props: Record<string, unknown>,
  connection: Declaration["connection"],
  tooDeep: readonly string[] = [],
): { guard: pulumi.Output<string>; attach(resource: pulumi.Resource): void } {
  const definition = DEFINITIONS[kind];
  const declaration: Declaration = {
    tooDeep,
    key: `${definition.kind}:${name}`,
    kind: definition.kind,
    name,
    definition,
    props,
    connection,
    judged: false,
  };
  const verdict = new Promise<string>((resolve, reject) => {
    declaration.settle = { resolve, reject };
  });
  declarations.push(declaration);
  startEarlyReads();
  scheduleRound();
  return {
    guard:
      tooDeep.length === 0 && releasedForPreview(definition, props) ? pulumi.output("preview") : pulumi.output(verdict),
    attach: (resource) => {
      declaration.resource = resource;
    },
  };
}

/** In a preview (which writes nothing), a resource the provider's check will pass need not wait for the judgement. */
function releasedForPreview(definition: AnyDefinition, props: Record<string, unknown>): boolean {
  if (!pulumi.runtime.isDryRun()) return false;
  return passesProviderCheck(definition, props, stackLimits());
}

function scheduleRound(): void {
  if (pendingRound) return;
  // Keeps the program connected to the engine until the round is judged and reported, even when
  // nothing waits for the guard (a preview).
  const reported = pulumi.runtime.rpcKeepAlive();
  pendingRound = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    pendingRound = undefined;
    try {
      await judgeRound();
    } finally {
      reported();
    }
  });
}

/** Exit code that tells the language host the program already reported why it failed. */
const EXIT_AFTER_REPORTING = 32;

/**
 * Judges every declaration not judged yet, in the context of all of them. On errors the program ends
 * here, after reporting them all: none of its Directus resources ever reaches the engine.
 */
async function judgeRound(): Promise<void> {
  const round = declarations.filter((d) => !d.judged);
  for (const declaration of round) declaration.judged = true;
  let findings: ProgramFinding[];
  try {
    findings = await judge(declarations, takeEarlyReads(), createdCollections);
  } catch (error) {
    await refuse([
      `pulumi-directus could not check this program: ${error instanceof Error ? error.message : String(error)}`,
    ]);
    return;
  }
  const errors = findings.filter((f) => f.effect === "error");
  const lines = reportLines(
    findings.map((f) => ({ ...f, resource: f.declaration })),
    (d) => d.key,
  );
  if (errors.length > 0) {
    const messages = [
      ...lines.map((f) => `${f.effect === "error" ? "" : "warning: "}${describe(f)}`),
      `pulumi-directus refused this program: ${errors.length} problem(s), each above with its resource, property, rule and fix. Nothing was written to Directus.`,
    ];
    if (pulumi.runtime.isDryRun()) {
      // A preview writes nothing: let the resources through so the plan (and any policy pack) shows
      // them, and fail the preview when the program ends. The guard tells the provider's check that
      // every problem has been reported, so the engine plans the whole program and prints each once.
      await report(messages);
      process.exitCode = EXIT_AFTER_REPORTING;
      for (const declaration of round) declaration.settle?.resolve(REPORTED_IN_PREVIEW);
      return;
    }
    await refuse(messages);
    return;
  }
  for (const declaration of round) declaration.settle?.resolve("judged");
  for (const line of lines) void pulumi.log.warn(`${line.property}: ${line.text}`, line.resource.resource);
}

function describe(finding: ReportLine<Declaration>): string {
  const { kind, name } = finding.resource;
  // "(inputs)", "(program)": about the resource as a whole, not one of its properties.
  const where = finding.property.startsWith("(") ? "" : `property ${finding.property}: `;
  return `pulumi-nodejs:dynamic/directus:${kind} resource '${name}': ${where}${finding.text}`;
}

async function report(messages: readonly string[]): Promise<void> {
  await Promise.all(
    messages.map((message) =>
      message.startsWith("warning: ") ? pulumi.log.warn(message.slice(9)) : pulumi.log.error(message),
    ),
  );
}

/** Reports the messages as errors of the stack, then ends the program before anything is registered. */
async function refuse(messages: readonly string[]): Promise<void> {
  await report(messages);
  process.exit(EXIT_AFTER_REPORTING);
}
