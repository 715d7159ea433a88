/** Permission: one permission of a policy, as a resource of its own. */

import type { Context } from "../access-context";
import { type Effect, type KindInput, widened } from "../effect";
import { type Permission, permissionListEffects, permissionsOf } from "../permission-effects";
import { type Ref, refOf, sameTarget } from "../references";
import type { Side, State } from "../transitions";

/** One side of a Permission resource's change. */
interface StandalonePermission {
  /** `public: ` when its policy is public, else the policy's label, e.g. `Policy 'editors': `. */
  readonly prefix: string;
  /** The permission as a one-item list (empty for the missing side of a create or delete). */
  readonly list: Permission[];
  readonly policy: Ref | undefined;
  /** False when some of its values are known only after apply. */
  readonly known: boolean;
}

function standalonePermission(state: State | undefined, context: Context, side: Side): StandalonePermission {
  if (!state) return { prefix: "", list: [], policy: undefined, known: true };
  const policy = refOf(state, "policy");
  const prefix = context.isPublic(policy, side) ? "public: " : `${context.label(policy, "Policy")}: `;
  const list = permissionsOf([state.inputs]);
  return { prefix, list: list ?? [], policy, known: list !== undefined };
}

/** The same policy, shown the same way on both sides: the change is to the permission itself. */
function samePolicy(old: StandalonePermission, now: StandalonePermission): boolean {
  return (
    old.policy !== undefined &&
    now.policy !== undefined &&
    sameTarget(old.policy, now.policy) &&
    old.prefix === now.prefix
  );
}

export function permissionEffects({ transition, context }: KindInput): Effect[] {
  const old = standalonePermission(transition.before, context, "before");
  const now = standalonePermission(transition.after, context, "after");
  if (!now.known) return [widened(`${now.prefix}a permission known only after apply (review it after the change)`)];
  if (samePolicy(old, now)) return permissionListEffects(now.prefix, old.list, now.list);
  return [...permissionListEffects(now.prefix, [], now.list), ...permissionListEffects(old.prefix, old.list, [])];
}
