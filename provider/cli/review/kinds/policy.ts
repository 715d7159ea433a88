/** Policy: admin and app access, 2FA, IP restrictions and its inline permissions. */

import { z } from "zod";
import { type Effect, type KindInput, narrowed, other, widened } from "../effect";
import { permissionsProperty } from "../permission-effects";
import { createdAs, flagEffect, otherChanges, unknownChange } from "../property-effects";
import { policySelf } from "../references";
import type { Props, Side } from "../transitions";
import { equal, show } from "../values";

const ipListSchema = z.array(z.string()).nullable().catch(null);

function ipList(value: unknown): string[] | null {
  return ipListSchema.parse(value ?? null);
}

function showIpList(list: string[] | null): string {
  return list ? list.join(", ") : "unrestricted";
}

/** `ipAccess`: null lets every address in; a new entry lets more in. */
function ipAccessEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange("ipAccess", before, after);
  if (unknown) return [unknown];
  if (after === undefined) return [other(`ipAccess: ${show(before)} → no longer managed (left as it is)`)];
  const old = ipList(before);
  const now = ipList(after);
  const text = `ipAccess: ${showIpList(old)} → ${showIpList(now)}`;
  if (now === null) return [widened(text)];
  if (old === null) return [narrowed(text)];
  if (now.some((entry) => !old.includes(entry))) return [widened(text)];
  return [narrowed(text)];
}

/** A deleted policy takes everything it granted with it. */
function deletedPolicyEffects(before: Props, prefix: string): Effect[] {
  const flags = ["adminAccess", "appAccess"].filter((flag) => before[flag] === true);
  return [
    narrowed(
      `policy ${JSON.stringify(show(before.name))} deleted${flags.length > 0 ? ` (had ${flags.join(", ")})` : ""}`,
    ),
    ...permissionsProperty(prefix, before.permissions, undefined),
  ];
}

/** A created policy: the access it grants widens, the restrictions it starts with are listed. */
function createdPolicyEffects(after: Props, prefix: string): Effect[] {
  const restrictions = [
    ...(after.enforceTfa === true ? [other("enforceTfa: true")] : []),
    ...(Array.isArray(after.ipAccess) ? [other(`ipAccess: ${show(after.ipAccess)}`)] : []),
  ];
  return [
    createdAs("policy", after),
    ...flagEffect("adminAccess", undefined, after.adminAccess === true ? true : undefined, true),
    ...flagEffect("appAccess", undefined, after.appAccess === true ? true : undefined, true),
    ...restrictions,
    ...permissionsProperty(prefix, undefined, after.permissions),
  ];
}

/** A list the program stops managing inline is left as it is in Directus. */
function inlinePermissionsEffects(before: Props, after: Props, prefix: string): Effect[] {
  if (before.permissions !== undefined && after.permissions === undefined) {
    return [other("permissions: no longer managed inline (the policy's permissions stay as they are)")];
  }
  return permissionsProperty(prefix, before.permissions, after.permissions);
}

function updatedPolicyEffects(before: Props, after: Props, prefix: string): Effect[] {
  const tfaNote = after.enforceTfa === false ? " (2FA no longer required)" : "";
  return [
    ...flagEffect("adminAccess", before.adminAccess, after.adminAccess, true),
    ...flagEffect("appAccess", before.appAccess, after.appAccess, true),
    ...flagEffect("enforceTfa", before.enforceTfa, after.enforceTfa, false, tfaNote),
    ...ipAccessEffects(before.ipAccess, after.ipAccess),
    ...inlinePermissionsEffects(before, after, prefix),
    ...otherChanges(before, after, ["name", "description", "icon", "adoptId"]),
  ];
}

export function policyEffects({ before, after, transition, context }: KindInput): Effect[] {
  const side: Side = transition.after ? "after" : "before";
  const prefix = context.isPublic(policySelf(transition, side), side) ? "public: " : "permissions: ";
  if (!transition.after) return deletedPolicyEffects(before, prefix);
  if (!transition.before) return createdPolicyEffects(after, prefix);
  return updatedPolicyEffects(before, after, prefix);
}
