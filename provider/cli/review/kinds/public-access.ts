/** PublicAccess: which policy is public, and the permissions it grants to everyone. */

import { BUILT_IN_PUBLIC_POLICY_ID } from "../../../model/mapping";
import type { Context } from "../access-context";
import { type Effect, type KindInput, narrowed, widened } from "../effect";
import { permissionsProperty } from "../permission-effects";
import { type Ref, refOf, sameTarget } from "../references";

const PREFIX = "public: ";

/** The built-in public policy is public anyway: making it public (or not) changes nothing. */
function madePublic(policy: Ref, context: Context): Effect[] {
  if (policy.id === BUILT_IN_PUBLIC_POLICY_ID) return [];
  return [widened(`makes ${context.label(policy, "Policy")} public`)];
}

function noLongerPublic(policy: Ref, context: Context): Effect[] {
  if (policy.id === BUILT_IN_PUBLIC_POLICY_ID) return [];
  return [narrowed(`${context.label(policy, "Policy")} is no longer public`)];
}

export function publicAccessEffects({ before, after, transition, context }: KindInput): Effect[] {
  const oldPolicy = transition.before ? refOf(transition.before, "policy") : undefined;
  const newPolicy = transition.after ? refOf(transition.after, "policy") : undefined;
  const moved = oldPolicy && newPolicy && !sameTarget(oldPolicy, newPolicy);
  if (moved || !oldPolicy || !newPolicy) {
    return [
      ...(newPolicy ? madePublic(newPolicy, context) : []),
      ...permissionsProperty(PREFIX, undefined, after.permissions),
      ...(oldPolicy ? noLongerPublic(oldPolicy, context) : []),
      ...permissionsProperty(PREFIX, before.permissions, undefined),
    ];
  }
  return permissionsProperty(PREFIX, before.permissions, after.permissions);
}
