import * as pulumi from "@pulumi/pulumi";
import type { ConnectionOverride } from "../client/connection";
import type { DirectusClient } from "../client/directus-client";
import { foundOnInstance } from "../engine/found-on-instance";
import { acknowledgementNotes, evaluateRules, formatFinding, SECURITY_RULES } from "../rules/registry";
import type { Finding, InstanceFacts } from "../rules/types";
import { takeover } from "./adoption";
import { conflictFindings } from "./conflicts";
import type { Declaration, Evaluated, ProgramFinding } from "./declarations";
import { evaluateDeclaration, type FoundSources, idFor } from "./evaluate";
import { connectionOf, liveClient, liveFacts, stackKey, stackLimits } from "./live";
import { plannedFacts, type RemovedResource, withLiveFields } from "./planned-facts";
import { type PreviousResource, type PreviousState, previousResources } from "./previous";
import { emailProblems, referenceProblems } from "./references";

/** The reads the first judgement needs, started by the first declaration (see {@link startEarlyReads}). */
export interface EarlyReads {
  readonly previous: Promise<PreviousState>;
  /** The live facts of the instance the stack config names (the connection most programs use). */
  readonly stackFacts: Promise<InstanceFacts>;
}

/** The findings of the whole program: its declarations against the live instance and previous state. */
export async function judge(
  all: readonly Declaration[],
  early: EarlyReads | undefined,
  /** Collections the program creates by other means, with their fields (see plannedCollections). */
  createdCollections: ReadonlyMap<string, readonly string[]>,
): Promise<ProgramFinding[]> {
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
export async function adoptionFindings(
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
export function programFindings(
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
