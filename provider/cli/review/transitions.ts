/** The preview's steps as one change per resource, with its user inputs before and after. */

import { withoutEngineKeys } from "../../model/fields";
import type { PreviewState, PreviewStep } from "./preview-json";
import { kindOfType, nameOfUrn, typeOfUrn } from "./urns";

/** Steps that are not changes to review. */
const SKIPPED_OPS = new Set(["same", "read", "read-replacement", "refresh", "remove-pending-replace"]);

/** The steps that make up a replacement, handled together. */
const REPLACEMENT_OPS = ["replace", "create-replacement", "delete-replaced"];

export type Props = Readonly<Record<string, unknown>>;

export interface State {
  readonly urn: string;
  readonly id: string | undefined;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

/** One resource's change: its state before (absent for a create) and after (absent for a delete). */
export interface Transition {
  readonly urn: string;
  readonly type: string;
  readonly kind: string;
  readonly name: string;
  readonly op: string;
  readonly before: State | undefined;
  readonly after: State | undefined;
}

export type Side = "before" | "after";

/** Inputs the engine or the package adds (`__provider`, `__createKey`, `__guard`) are not the user's. */
function userProps(props: Props | undefined): Props {
  return withoutEngineKeys(props ?? {});
}

export function toState(urn: string, state: PreviewState | undefined): State | undefined {
  if (!state) return undefined;
  const outputs = userProps(state.outputs);
  const directusId = typeof outputs.directusId === "string" ? outputs.directusId : undefined;
  return {
    urn,
    id: state.id ?? directusId,
    inputs: userProps(state.inputs),
    outputs,
    dependencies: state.propertyDependencies ?? {},
  };
}

function transitionOf(step: PreviewStep, op: string, before: PreviewState | undefined, after?: PreviewState) {
  const type = after?.type ?? before?.type ?? typeOfUrn(step.urn);
  return {
    urn: step.urn,
    type,
    kind: kindOfType(type),
    name: nameOfUrn(step.urn),
    op,
    before: toState(step.urn, before),
    after: toState(step.urn, after),
  };
}

/**
 * A replacement may come as one `replace` step or as a `create-replacement` plus a `delete-replaced`
 * step: either way it is one change.
 */
function replacementOf(steps: readonly PreviewStep[]): Transition | undefined {
  const replace = steps.find((s) => s.op === "replace");
  if (replace) return transitionOf(replace, "replace", replace.oldState, replace.newState);
  const created = steps.find((s) => s.op === "create-replacement");
  const deleted = steps.find((s) => s.op === "delete-replaced");
  const step = created ?? deleted;
  return step ? transitionOf(step, "replace", deleted?.oldState, created?.newState) : undefined;
}

function isReviewedOp(op: string): boolean {
  return !REPLACEMENT_OPS.includes(op) && !SKIPPED_OPS.has(op);
}

/** The stack itself and the providers are not resources to review. */
function isEngineResource(transition: Transition): boolean {
  return transition.type === "pulumi:pulumi:Stack" || transition.type.startsWith("pulumi:providers:");
}

function stepsByUrn(steps: readonly PreviewStep[]): Map<string, PreviewStep[]> {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of steps) byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  return byUrn;
}

/** One transition per resource (and one per other reviewed step of it). */
export function transitionsOf(steps: readonly PreviewStep[]): Transition[] {
  const transitions: Transition[] = [];
  for (const [, group] of stepsByUrn(steps)) {
    const replacement = replacementOf(group);
    if (replacement) transitions.push(replacement);
    for (const step of group) {
      if (isReviewedOp(step.op)) transitions.push(transitionOf(step, step.op, step.oldState, step.newState));
    }
  }
  return transitions.filter((t) => !isEngineResource(t));
}
