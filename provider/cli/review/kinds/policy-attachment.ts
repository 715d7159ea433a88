/** PolicyAttachment: a policy linked to a role or a user. */

import type { Context } from "../access-context";
import { type Effect, type KindInput, narrowed, widened } from "../effect";
import { otherChanges } from "../property-effects";
import { refOf } from "../references";
import type { Props, Side, State } from "../transitions";
import { equal, show } from "../values";

/** `admin Policy 'operators' to Role 'editors'`: "admin" when the policy has admin access in the preview. */
function linkText(state: State, context: Context, side: Side, preposition: string): string {
  const policy = refOf(state, "policy");
  const admin = context.isAdmin(policy, side) ? "admin " : "";
  const target =
    state.inputs.role !== undefined ? context.label(refOf(state, "role"), "Role") : `user ${show(state.inputs.user)}`;
  return `${admin}${context.label(policy, "Policy")} ${preposition} ${target}`;
}

/** The link now joins another policy, role or user. */
function relinked(before: Props, after: Props): boolean {
  return !equal([before.policy, before.role, before.user], [after.policy, after.role, after.user]);
}

export function policyAttachmentEffects({ before, after, transition, context }: KindInput): Effect[] {
  const old = transition.before;
  const now = transition.after;
  if (old && now && !relinked(before, after)) return otherChanges(before, after, ["sort"]);
  return [
    ...(now ? [widened(`attaches ${linkText(now, context, "after", "to")}`)] : []),
    ...(old ? [narrowed(`detaches ${linkText(old, context, "before", "from")}`)] : []),
  ];
}
