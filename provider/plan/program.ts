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
import { type ConnectionOverride, resolveConnection } from "../client/connection";
import { DirectusClient } from "../client/directus-client";
import { foundOnInstance } from "../engine/found-on-instance";
import { type AnyDefinition, checkAsFound, REPORTED_IN_PREVIEW, UNKNOWN } from "../engine/framework";
import { collectFacts } from "../engine/instance-reader";
import { DEFINITIONS } from "../engine/registry";
import { createKeyOf } from "../model/creation-id";
import { MAX_INPUT_DEPTH } from "../model/depth";
import type { CheckFailure } from "../model/failures";
import { definedFields } from "../model/fields";
import type { Found } from "../model/found";
import type { Kind } from "../model/kinds";
import { limitsFrom } from "../rules/limits";
import {
  acknowledgementNotes,
  evaluateRules,
  formatFinding,
  invalidAcknowledgements,
  SECURITY_RULES,
} from "../rules/registry";
import type { Acknowledgement, Finding, InstanceFacts } from "../rules/types";
import { FILTER_MAX_DEPTH } from "../schemas/input-limits";
import { takeover } from "./adoption";
import { conflictFindings } from "./conflicts";
import type { Declaration, Evaluated, ProgramFinding } from "./declarations";
import { type PlannedResource, plannedFacts, plannedId, type RemovedResource, withLiveFields } from "./planned-facts";
import { type PreviousResource, type PreviousState, previousResources } from "./previous";
import { passesProviderCheck } from "./provider-check";
import { emailProblems, referenceProblems } from "./references";
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

/** The reads the first judgement needs, started by the first declaration (see {@link startEarlyReads}). */
interface EarlyReads {
  readonly previous: Promise<PreviousState>;
  /** The live facts of the instance the stack config names (the connection most programs use). */
  readonly stackFacts: Promise<InstanceFacts>;
}

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

function stackLimits() {
  return limitsFrom((key) => new pulumi.Config("directus").get(key.replace(/^directus:/, "")));
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

type Resolved = { value: unknown; known: boolean };

interface OutputInternals {
  resources(): Set<pulumi.Resource>;
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/**
 * A plain value for an input: references to resources of this package become their (planned) ids
 * without waiting; other outputs are awaited (at preview they may stay unknown).
 */
async function resolveInput(
  value: unknown,
  idOf: (resource: pulumi.Resource) => string | undefined,
): Promise<Resolved> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    const referenced = [...output.resources()].map(idOf).filter((id): id is string => id !== undefined);
    if (referenced.length === 1) return { value: referenced[0], known: true };
    if (referenced.length > 1) return { value: UNKNOWN, known: false };
    const known = await output.isKnown;
    if (!known) return { value: UNKNOWN, known: false };
    return resolveInput(await output.promise(), idOf);
  }
  if (value instanceof Promise) return resolveInput(await value, idOf);
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((item) => resolveInput(item, idOf)));
    return { value: items.map((i) => i.value), known: items.every((i) => i.known) };
  }
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveInput(v, idOf)] as const),
    );
    return {
      value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
      known: entries.every(([, r]) => r.known),
    };
  }
  return { value, known: true };
}

function idFor(declaration: Declaration, previous: ReadonlyMap<string, PreviousResource>): string {
  const adoptId = declaration.props.adoptId;
  const existing = previous.get(declaration.key)?.id;
  if (existing) return existing;
  if (typeof adoptId === "string" && adoptId !== "") return adoptId;
  return plannedId(createKeyOf(pulumi.getProject(), pulumi.getStack(), declaration.kind, declaration.name));
}

/** Where the judgement finds the object a resource manages or takes over, as found (resources/found.ts). */
interface FoundSources {
  /** The outputs the stack recorded for the resource, if it manages it already. */
  readonly recorded: Found | undefined;
  /** The object on the instance (read only when a value needs it). */
  readonly live: (raw: Record<string, unknown>) => Promise<Found | undefined>;
}

async function evaluateDeclaration(
  declaration: Declaration,
  id: string,
  idOf: (resource: pulumi.Resource) => string | undefined,
  sources: FoundSources,
): Promise<Evaluated> {
  const tooDeep: ProgramFinding[] = declaration.tooDeep.map((property) => ({
    declaration,
    property,
    text: `this value nests deeper than ${MAX_INPUT_DEPTH} levels (Directus reads filters at most ${FILTER_MAX_DEPTH} levels deep), so it was not read further. Fix: flatten it, e.g. merge nested _and groups.`,
    effect: "error" as const,
  }));
  const { value, known } = await resolveInput(declaration.props, idOf);
  const raw = definedFields(value as Record<string, unknown>);
  const outcome = await checkAsFound(declaration.definition, raw, sources.recorded, () => sources.live(raw));
  // A cut-off value is reported once: by the check that refused a part above it, or else here.
  const findings = tooDeep.filter(
    (deep) => !outcome.failures.some((f) => deep.property.startsWith(f.property) && f.property !== "(inputs)"),
  );
  for (const failure of outcome.failures) {
    findings.push({ declaration, property: failure.property, text: failure.reason, effect: "error" });
  }
  // Without validated inputs there is nothing to judge; with them, semantic failures are reported beside the rules.
  const validated = outcome.validated;
  if (!validated) return { declaration, acknowledge: [], findings, keptAsFound: new Set() };
  const inputs = validated as Record<string, unknown> & { acknowledge?: Acknowledgement[] };
  const keptAsFound = outcome.complete ? outcome.keptAsFound : new Set<string>();
  if (outcome.complete && outcome.asFound.length > 0) findings.push(keptNote(declaration, outcome.asFound));
  for (const { index, reason } of invalidAcknowledgements(inputs.acknowledge ?? [])) {
    findings.push({ declaration, property: `acknowledge[${index}].rule`, text: reason, effect: "error" });
  }
  if (!known) {
    findings.push({
      declaration,
      property: "(inputs)",
      text: "some inputs are computed by other resources and unknown until they are created; the security rules judged the rest, and the provider checks the values when they are known",
      effect: "warning",
    });
  }
  const toSubject = declaration.definition.toSubject;
  const planned = toSubject ? { key: declaration.key, id, subject: toSubject(inputs) } : undefined;
  return {
    declaration,
    acknowledge: inputs.acknowledge ?? [],
    findings,
    keptAsFound,
    ...(planned ? { planned } : {}),
    ...(known ? { inputs } : {}),
  };
}

/** One warning for the values a resource keeps as found although a program could not write them. */
function keptNote(declaration: Declaration, asFound: readonly CheckFailure[]): ProgramFinding {
  const shown = asFound.slice(0, 3).map((f) => `${f.property} (${f.reason})`);
  const more = asFound.length > shown.length ? `; and ${asFound.length - shown.length} more` : "";
  return {
    declaration,
    property: asFound[0]?.property ?? "(inputs)",
    text: `kept as the instance has it, although a program could not write it this way: ${shown.join("; ")}${more}. It is not rewritten; changing it makes the strict checks apply.`,
    effect: "warning",
  };
}

function connectionOf(declaration: Declaration): Promise<ConnectionOverride | undefined> {
  if (declaration.connection === undefined) return Promise.resolve(undefined);
  return resolveInput(declaration.connection, () => undefined).then((r) => r.value as ConnectionOverride);
}

/** The stack's own client for the instance (its reads are marked with the stack, like its writes). */
async function liveClient(connection: ConnectionOverride | undefined): Promise<DirectusClient> {
  const directus = new pulumi.Config("directus");
  const url = connection?.url ?? directus.get("url") ?? process.env.DIRECTUS_URL;
  const token = connection?.token ?? (await resolveInput(directus.getSecret("token"), () => undefined)).value;
  const tokenSource =
    connection?.token !== undefined
      ? "connection.token"
      : typeof token === "string"
        ? "directus:token"
        : "DIRECTUS_TOKEN";
  const resolved = resolveConnection({
    tokenSource,
    url: url ?? "",
    token: typeof token === "string" ? token : (process.env.DIRECTUS_TOKEN ?? ""),
    requestTimeout: directus.get("requestTimeout"),
    operationTimeout: directus.get("operationTimeout"),
  });
  return new DirectusClient(resolved, stackKey());
}

function stackKey(): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** The live facts plus which stacks wrote the shared objects the program takes over (DSEC-012). */
async function liveFacts(
  client: DirectusClient,
  planned: readonly PlannedResource[],
  read: Promise<InstanceFacts> = collectFacts(client),
): Promise<InstanceFacts> {
  const facts = await read;
  const watched: { collection: string; item: string; key: string }[] = [];
  for (const { subject } of planned) {
    for (const { key } of SECURITY_RULES.flatMap((rule) => rule.watches?.(subject) ?? [])) {
      if (subject.kind !== "PublicAccess") {
        const [collection = "", item = ""] = key.split(":");
        watched.push({ collection, item, key });
        continue;
      }
      // Public access lives in the policy's permission rows: whoever wrote those manages it.
      if (subject.inputs.policy === UNKNOWN) continue;
      for (const row of await client.listPermissions(subject.inputs.policy)) {
        watched.push({ collection: "directus_permissions", item: String(row.id), key });
      }
    }
  }
  const byObject = await client.stackWriters(watched);
  const writers: Record<string, string[]> = {};
  for (const { collection, item, key } of watched) {
    const stacks = byObject.get(`${collection}:${item}`);
    if (stacks) writers[key] = [...new Set([...(writers[key] ?? []), ...stacks])].sort();
  }
  return { ...facts, writers };
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
    findings = await judge(declarations, takeEarlyReads());
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

/** The findings of the whole program: its declarations against the live instance and previous state. */
async function judge(all: readonly Declaration[], early: EarlyReads | undefined): Promise<ProgramFinding[]> {
  const previous = await (early?.previous ?? previousResources());
  const ids = new Map<Declaration, string>(all.map((d) => [d, idFor(d, previous.byKey)]));
  const byResource = new Map<pulumi.Resource, Declaration>();
  for (const d of all) if (d.resource) byResource.set(d.resource, d);
  const idOf = (resource: pulumi.Resource) => {
    const declaration = byResource.get(resource);
    return declaration ? ids.get(declaration) : undefined;
  };

  // One plan per Directus instance the program talks to.
  const groups = new Map<string, { connection: ConnectionOverride | undefined; members: Declaration[] }>();
  for (const declaration of all) {
    const connection = await connectionOf(declaration);
    const key = connection?.url ?? "(stack config)";
    const group = groups.get(key) ?? { connection, members: [] };
    group.members.push(declaration);
    groups.set(key, group);
  }

  const limits = stackLimits();
  const findings: ProgramFinding[] = [];
  for (const { connection, members } of groups.values()) {
    const reader = liveClient(connection);
    reader.catch(() => undefined);
    const sourcesOf = (d: Declaration): FoundSources => ({
      recorded: previous.byKey.get(d.key)?.outputs,
      live: async (raw) => foundOnInstance(await reader, d.kind, raw),
    });
    const evaluated = await Promise.all(
      members.map((d) => evaluateDeclaration(d, ids.get(d) ?? "", idOf, sourcesOf(d))),
    );
    for (const e of evaluated) findings.push(...e.findings);
    const planned = evaluated.flatMap((e) => (e.planned ? [e.planned] : []));
    findings.push(...conflictFindings(evaluated));
    let live: InstanceFacts;
    try {
      const client = await reader;
      live = await liveFacts(client, planned, connection === undefined ? early?.stackFacts : undefined);
      findings.push(...(await adoptionFindings(client, evaluated, previous.byKey)));
    } catch (error) {
      const first = members[0];
      if (first) {
        findings.push({
          declaration: first,
          // The connection is the stack's (or the resources' connection), not a property of this resource.
          property: connection === undefined ? "(program)" : "connection",
          text: `cannot check the program against the instance: ${error instanceof Error ? error.message : String(error)}`,
          effect: "error",
        });
      }
      continue;
    }
    const declaredKeys = new Set(all.map((d) => d.key));
    const removed: RemovedResource[] = [...previous.byKey.values()]
      .filter((p) => !declaredKeys.has(p.key))
      .map((p) => ({ kind: p.kind, id: p.id, outputs: p.outputs }));
    const complete = new Map(evaluated.flatMap((e) => (e.planned ? [[e, withLiveFields(e.planned, live)]] : [])));
    const withCreated = { ...live, fields: { ...Object.fromEntries(createdCollections), ...live.fields } };
    const facts = plannedFacts(withCreated, [...complete.values()], connection ? [] : removed);
    const groupFindings: ProgramFinding[] = [];
    for (const e of evaluated) {
      const resource = complete.get(e);
      if (!resource) continue;
      const context = {
        limits,
        facts,
        stack: pulumi.getStack(),
        stackKey: stackKey(),
        subjectId: resource.id,
        keptAsFound: e.keptAsFound,
      };
      for (const problem of [
        ...referenceProblems(resource.subject, facts),
        ...emailProblems(resource.subject, resource.id, facts),
      ]) {
        groupFindings.push({
          declaration: e.declaration,
          property: problem.property,
          text: problem.text,
          effect: "error",
        });
      }
      const ruleFindings = evaluateRules(resource.subject, context, e.acknowledge);
      for (const finding of ruleFindings) {
        groupFindings.push({
          declaration: e.declaration,
          property: finding.property,
          text: formatFinding(finding),
          effect: finding.effect,
          finding,
        });
      }
      for (const note of acknowledgementNotes(e.acknowledge, ruleFindings)) {
        groupFindings.push({
          declaration: e.declaration,
          property: `acknowledge[${note.index}]`,
          text: note.text,
          effect: "warning",
        });
      }
    }
    findings.push(...groupFindings, ...programFindings(facts, members, groupFindings));
  }
  return findings;
}

/**
 * For resources that take over an existing object in this run (not in the state yet): a warning with
 * what the takeover changes, since the plan shows only `+ create` for them, and an error when the
 * object to adopt does not exist or is not what the resource declares.
 */
async function adoptionFindings(
  client: DirectusClient,
  evaluated: readonly Evaluated[],
  previous: ReadonlyMap<string, PreviousResource>,
): Promise<ProgramFinding[]> {
  const fresh = evaluated.filter((e) => e.inputs && !previous.has(e.declaration.key));
  const results = await Promise.all(
    fresh.map(async (e) => ({ e, result: await takeover(client, e.declaration.kind, e.inputs ?? {}) })),
  );
  return results.flatMap(({ e, result }) => {
    const { declaration } = e;
    const property =
      declaration.kind === "PublicAccess"
        ? "permissions"
        : declaration.kind === "SecuritySettings"
          ? "(inputs)"
          : "adoptId";
    const problems = result.problems.map((text) => ({
      declaration,
      property: "adoptId",
      text,
      effect: "error" as const,
    }));
    if (result.changes.length === 0) return problems;
    const warning = {
      declaration,
      property,
      text: `taking over the existing object changes it: ${result.changes.join("; ")}. Leave an argument out to keep the object's own value.`,
      effect: "warning" as const,
    };
    return [...problems, warning];
  });
}

/**
 * Problems of the planned end state that no declared resource causes on its own (a rule's
 * `evaluateProgram`, e.g. the program stops declaring the link the token's admin access came
 * through): reported on the program's first resource, unless a resource reported the rule already.
 */
function programFindings(
  facts: InstanceFacts,
  members: readonly Declaration[],
  reported: readonly ProgramFinding[],
): ProgramFinding[] {
  const first = members[0];
  if (!first) return [];
  return SECURITY_RULES.flatMap((rule) => {
    if (!rule.evaluateProgram || reported.some((f) => f.finding?.rule === rule)) return [];
    return rule.evaluateProgram(facts).map((hit) => {
      const finding: Finding = { ...hit, rule, target: hit.property, effect: rule.severity };
      return {
        declaration: first,
        property: hit.property,
        text: formatFinding(finding),
        effect: finding.effect,
        finding,
      };
    });
  });
}
