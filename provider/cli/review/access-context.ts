/** What the whole preview tells about policies: which are public, which have admin access. */

import type { Kind } from "../../model/kinds";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../../model/mapping";
import { policySelf, type Ref, refOf, sameTarget } from "./references";
import type { Side, State, Transition } from "./transitions";
import { kindOfUrn, nameOfUrn } from "./urns";

export interface Context {
  isPublic(policy: Ref, side: Side): boolean;
  isAdmin(policy: Ref, side: Side): boolean;
  /** `Policy 'editors'` for a resource of the preview, else the kind and the id. */
  label(ref: Ref, kind: string): string;
}

function statesOf(transitions: readonly Transition[], kind: Kind, side: Side): State[] {
  return transitions.filter((t) => t.kind === kind).flatMap((t) => (t[side] ? [t[side]] : []));
}

/** The built-in public policy, and every policy a PublicAccess resource makes public. */
function publicPolicies(transitions: readonly Transition[], side: Side): Ref[] {
  return [
    { id: BUILT_IN_PUBLIC_POLICY_ID, urn: undefined },
    ...statesOf(transitions, "PublicAccess", side).map((state) => refOf(state, "policy")),
  ];
}

function adminPolicies(transitions: readonly Transition[], side: Side): Ref[] {
  return transitions
    .filter((t) => t.kind === "Policy" && t[side]?.inputs.adminAccess === true)
    .map((t) => policySelf(t, side));
}

function labelOf(ref: Ref, kind: string): string {
  if (ref.urn) return `${kindOfUrn(ref.urn)} '${nameOfUrn(ref.urn)}'`;
  if (ref.id === BUILT_IN_PUBLIC_POLICY_ID) return "the built-in public policy";
  return `${kind} ${ref.id ?? "(known after apply)"}`;
}

export function contextOf(transitions: readonly Transition[]): Context {
  return {
    isPublic: (policy, side) => publicPolicies(transitions, side).some((ref) => sameTarget(ref, policy)),
    isAdmin: (policy, side) => adminPolicies(transitions, side).some((ref) => sameTarget(ref, policy)),
    label: labelOf,
  };
}
