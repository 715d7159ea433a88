/** What one change does to access: the effects of its kind, plus the acknowledgements it changes. */

import { isKind, type Kind } from "../../model/kinds";
import type { Context } from "./access-context";
import { type Effect, type KindInput, other } from "./effect";
import { permissionEffects } from "./kinds/permission";
import { policyEffects } from "./kinds/policy";
import { policyAttachmentEffects } from "./kinds/policy-attachment";
import { publicAccessEffects } from "./kinds/public-access";
import { roleEffects } from "./kinds/role";
import { securitySettingsEffects } from "./kinds/security-settings";
import { serviceAccountEffects } from "./kinds/service-account";
import { acknowledgementChanges } from "./property-effects";
import type { Props, Transition } from "./transitions";

const EFFECTS_BY_KIND: Record<Kind, (input: KindInput) => Effect[]> = {
  PublicAccess: publicAccessEffects,
  Policy: policyEffects,
  Permission: permissionEffects,
  PolicyAttachment: policyAttachmentEffects,
  ServiceAccount: serviceAccountEffects,
  Role: roleEffects,
  SecuritySettings: securitySettingsEffects,
};

const EMPTY: Props = {};

const DONE_VERBS: Record<string, string> = { create: "created", delete: "deleted", import: "imported" };

/** The detail of a change without effects: `created`, or e.g. `update: no access-relevant change`. */
function defaultDetail(transition: Transition): string {
  return DONE_VERBS[transition.op] ?? `${transition.op}: no access-relevant change`;
}

/** Every effect of the change; one `other` effect when it has none (or is not this package's resource). */
export function effectsOf(transition: Transition, context: Context): Effect[] {
  const before = transition.before?.inputs ?? EMPTY;
  const after = transition.after?.inputs ?? EMPTY;
  const byKind = isKind(transition.kind) ? EFFECTS_BY_KIND[transition.kind] : undefined;
  const effects = byKind
    ? [...byKind({ before, after, transition, context }), ...acknowledgementChanges(before, after)]
    : [];
  return effects.length > 0 ? effects : [other(defaultDetail(transition))];
}
