/** Role: its users get the policies attached to it and to its ancestors. */

import type { Context } from "../access-context";
import { type Effect, type KindInput, narrowed, widened } from "../effect";
import { createdAs, otherChanges } from "../property-effects";
import { refOf } from "../references";
import type { Props, State } from "../transitions";
import { equal } from "../values";

function parentLabel(state: State | undefined, context: Context): string {
  return state && typeof state.inputs.parent === "string" ? context.label(refOf(state, "parent"), "Role") : "none";
}

function parentEffects({ before, after, transition, context }: KindInput): Effect[] {
  if (equal(before.parent ?? null, after.parent ?? null)) return [];
  const text = `parent: ${parentLabel(transition.before, context)} → ${parentLabel(transition.after, context)} (a role inherits its parent's policies)`;
  return [(after.parent ?? null) === null ? narrowed(text) : widened(text)];
}

function descriptionChanges(before: Props, after: Props): Effect[] {
  return otherChanges(before, after, ["name", "description", "icon", "adoptId"]);
}

export function roleEffects(input: KindInput): Effect[] {
  const { before, after, transition } = input;
  if (!transition.after) return [narrowed("role deleted: its users lose the policies attached to it")];
  if (!transition.before) return [createdAs("role", after), ...parentEffects(input)];
  return [...parentEffects(input), ...descriptionChanges(before, after)];
}
