/** ServiceAccount: a user with a static token and a role. */

import type { Context } from "../access-context";
import { type Effect, type KindInput, narrowed, other, widened } from "../effect";
import { otherChanges } from "../property-effects";
import { refOf } from "../references";
import type { Props, State } from "../transitions";
import { equal, show } from "../values";

const STATUS_WIDENS = "active";

function roleLabel(state: State | undefined, context: Context): string {
  return state && typeof state.inputs.role === "string" ? context.label(refOf(state, "role"), "Role") : "none";
}

function updatedAccountEffects({ before, after, transition, context }: KindInput): Effect[] {
  const effects: Effect[] = [];
  if (!equal(before.role, after.role)) {
    const text = `role: ${roleLabel(transition.before, context)} → ${roleLabel(transition.after, context)}`;
    effects.push(after.role === null ? narrowed(text) : widened(text));
  }
  if (!equal(before.status, after.status)) {
    const text = `status: ${show(before.status)} → ${show(after.status)}`;
    effects.push(after.status === STATUS_WIDENS ? widened(text) : narrowed(text));
  }
  if (!equal(before.rotation, after.rotation)) effects.push(other("token rotated"));
  return [...effects, ...otherChanges(before, after, ["email", "firstName", "lastName"])];
}

function createdAccountEffect(after: Props, state: State, context: Context): Effect {
  return widened(`service account ${show(after.email)} created with a static token, role ${roleLabel(state, context)}`);
}

export function serviceAccountEffects(input: KindInput): Effect[] {
  const { before, after, transition, context } = input;
  if (!transition.after) return [narrowed(`service account ${show(before.email)} deleted (its token stops working)`)];
  if (!transition.before) return [createdAccountEffect(after, transition.after, context)];
  return updatedAccountEffects(input);
}
