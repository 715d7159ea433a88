/** One declaration checked on its own: shape, values kept as found, acknowledgements, its planned subject. */

import * as pulumi from "@pulumi/pulumi";
import { checkAsFound } from "../engine/framework";
import { createKeyOf } from "../model/creation-id";
import { MAX_INPUT_DEPTH } from "../model/depth";
import type { CheckFailure } from "../model/failures";
import { definedFields } from "../model/fields";
import type { Found } from "../model/found";
import { invalidAcknowledgements } from "../rules/registry";
import type { Acknowledgement } from "../rules/types";
import { FILTER_MAX_DEPTH } from "../schemas/input-limits";
import type { Declaration, Evaluated, ProgramFinding } from "./declarations";
import { resolveInput } from "./outputs";
import { plannedId } from "./planned-facts";
import type { PreviousResource } from "./previous";

export function idFor(declaration: Declaration, previous: ReadonlyMap<string, PreviousResource>): string {
  const adoptId = declaration.props.adoptId;
  const existing = previous.get(declaration.key)?.id;
  if (existing) return existing;
  if (typeof adoptId === "string" && adoptId !== "") return adoptId;
  return plannedId(createKeyOf(pulumi.getProject(), pulumi.getStack(), declaration.kind, declaration.name));
}

/** Where the judgement finds the object a resource manages or takes over, as found (resources/found.ts). */
export interface FoundSources {
  /** The outputs the stack recorded for the resource, if it manages it already. */
  readonly recorded: Found | undefined;
  /** The object on the instance (read only when a value needs it). */
  readonly live: (raw: Record<string, unknown>) => Promise<Found | undefined>;
}

export async function evaluateDeclaration(
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
export function keptNote(declaration: Declaration, asFound: readonly CheckFailure[]): ProgramFinding {
  const shown = asFound.slice(0, 3).map((f) => `${f.property} (${f.reason})`);
  const more = asFound.length > shown.length ? `; and ${asFound.length - shown.length} more` : "";
  return {
    declaration,
    property: asFound[0]?.property ?? "(inputs)",
    text: `kept as the instance has it, although a program could not write it this way: ${shown.join("; ")}${more}. It is not rewritten; changing it makes the strict checks apply.`,
    effect: "warning",
  };
}
