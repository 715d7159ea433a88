/** SecuritySettings: password policy, login attempts, public registration and a few project settings. */

import { z } from "zod";
import { passwordPolicyFromDirectus } from "../../../model/password-policy";
import { type Effect, type KindInput, narrowed, other, widened } from "../effect";
import { propertyMapSchema } from "../preview-json";
import { flagEffect, otherChanges, ruleEffects } from "../property-effects";
import type { Props, State } from "../transitions";
import { equal, show } from "../values";

const PASSWORD_STRENGTH: Record<string, number> = { none: 0, weak: 1, strong: 2 };

function passwordName(policy: unknown): string {
  if (typeof policy === "string") return policy;
  const regex = z.object({ regex: z.string() }).safeParse(policy);
  return regex.success ? `custom regex ${regex.data.regex}` : show(policy);
}

function passwordStrength(policy: unknown): number | undefined {
  return typeof policy === "string" ? PASSWORD_STRENGTH[policy] : undefined;
}

function passwordPolicyEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after) || after === undefined) return [];
  const text = `passwordPolicy: ${before === undefined ? "unset" : passwordName(before)} → ${passwordName(after)}`;
  const old = passwordStrength(before);
  const now = passwordStrength(after);
  if (now === 0) return [widened(`${text} (no password rules)`)];
  if (old === undefined || now === undefined) return [other(text)];
  return [now < old ? widened(`${text} (weaker)`) : narrowed(`${text} (stronger)`)];
}

function showLoginAttempts(value: unknown): string {
  return value === null ? "unlimited" : show(value);
}

function loginAttemptsEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after) || after === undefined) return [];
  const text = `loginAttempts: ${showLoginAttempts(before)} → ${showLoginAttempts(after)}`;
  if (after === null) return [widened(text)];
  if (typeof after !== "number" || typeof before !== "number") return [before === null ? narrowed(text) : other(text)];
  return [after > before ? widened(text) : narrowed(text)];
}

const registrationSchema = z
  .object({
    enabled: z.boolean().optional(),
    verifyEmail: z.boolean().optional(),
    role: z.string().nullable().optional(),
    emailFilter: propertyMapSchema.nullable().optional(),
  })
  .catch({});

function registrationEffects(beforeValue: unknown, afterValue: unknown): Effect[] {
  if (afterValue === undefined || equal(beforeValue, afterValue)) return [];
  const before = registrationSchema.parse(beforeValue ?? {});
  const after = registrationSchema.parse(afterValue);
  const at = "publicRegistration.";
  const effects = flagEffect(`${at}enabled`, before.enabled, after.enabled, true);
  if (after.enabled === false) return effects;
  effects.push(...flagEffect(`${at}verifyEmail`, before.verifyEmail, after.verifyEmail, false));
  if (!equal(before.role ?? null, after.role ?? null)) {
    effects.push(widened(`${at}role: ${show(before.role ?? null)} → ${show(after.role ?? null)}`));
  }
  effects.push(...ruleEffects(at, "emailFilter", before.emailFilter ?? null, after.emailFilter ?? null));
  return effects;
}

const restoreSchema = z.record(z.string(), z.unknown()).catch({});

/** Destroy puts back the values the settings had before the stack managed them (`restore`). */
function restoredSettings(state: State): Props {
  const restore = restoreSchema.parse(state.outputs.restore ?? {});
  const restored: Record<string, unknown> = {};
  if ("auth_password_policy" in restore) {
    const value = restore.auth_password_policy;
    restored.passwordPolicy = passwordPolicyFromDirectus(typeof value === "string" ? value : null);
  }
  if ("auth_login_attempts" in restore) restored.loginAttempts = restore.auth_login_attempts ?? null;
  if ("public_registration" in restore) {
    restored.publicRegistration = {
      enabled: restore.public_registration === true,
      verifyEmail: restore.public_registration_verify_email !== false,
      role: restore.public_registration_role ?? null,
      emailFilter: restore.public_registration_email_filter ?? null,
    };
  }
  if ("project_name" in restore) restored.projectName = restore.project_name;
  return restored;
}

const RELEASED: Effect = {
  ...other("settings released: the values from before the stack are restored"),
  headline: true,
};

export function securitySettingsEffects({ before, after, transition }: KindInput): Effect[] {
  const released = !transition.after && transition.before;
  const target = released ? restoredSettings(released) : after;
  return [
    ...(released ? [RELEASED] : []),
    ...passwordPolicyEffects(before.passwordPolicy, target.passwordPolicy),
    ...loginAttemptsEffects(before.loginAttempts, target.loginAttempts),
    ...registrationEffects(before.publicRegistration, target.publicRegistration),
    ...(target.projectName === undefined ? [] : otherChanges(before, target, ["projectName"])),
    ...(released ? [] : otherChanges(before, after, ["production"])),
  ];
}
