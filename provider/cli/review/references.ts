/** References between resources: an input that names another resource by id, or by the URN it came from. */

import { UNKNOWN } from "../../engine/framework";
import type { Side, State, Transition } from "./transitions";

/** A reference to another resource: its id when known, and the URN the engine says it came from. */
export interface Ref {
  readonly id: string | undefined;
  readonly urn: string | undefined;
}

/** The resource the input `key` of `state` names. */
export function refOf(state: State, key: string): Ref {
  const value = state.inputs[key];
  return {
    id: typeof value === "string" && value !== UNKNOWN ? value : undefined,
    urn: state.dependencies[key]?.[0],
  };
}

export function sameTarget(a: Ref, b: Ref): boolean {
  return (a.id !== undefined && a.id === b.id) || (a.urn !== undefined && a.urn === b.urn);
}

/**
 * A policy's own reference on one side of its change: its id (an update's new state carries none: it
 * keeps the old one; a replacement gets a new one), or the id it adopts, and its URN.
 */
export function policySelf(transition: Transition, side: Side): Ref {
  const state = transition[side];
  const adoptId = state?.inputs.adoptId;
  const kept = transition.op === "replace" ? undefined : (transition.before?.id ?? transition.after?.id);
  return { id: state?.id ?? kept ?? (typeof adoptId === "string" ? adoptId : undefined), urn: transition.urn };
}
