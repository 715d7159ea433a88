import type { RuleLimits } from "./types";

export const DEFAULT_LIMITS: RuleLimits = { adminPolicies: 1, adminUsers: 2, loginAttempts: 10 };

/** Reads `directus:maxAdminPolicies`, `directus:maxAdminUsers`, `directus:maxLoginAttempts` (config or environment). */
export function limitsFrom(get: (key: string) => string | undefined): RuleLimits {
  const number = (key: string, fallback: number): number => {
    const raw = get(key);
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${key} must be a whole number >= 0; got '${raw}'. Fix: pulumi config set ${key} <number>`);
    }
    return value;
  };
  return {
    adminPolicies: number("directus:maxAdminPolicies", DEFAULT_LIMITS.adminPolicies),
    adminUsers: number("directus:maxAdminUsers", DEFAULT_LIMITS.adminUsers),
    loginAttempts: number("directus:maxLoginAttempts", DEFAULT_LIMITS.loginAttempts),
  };
}
