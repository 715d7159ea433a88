/** Directus' password policy strings, and the names this package gives the Studio's presets. */

/** The Studio's password policy presets, character for character (so the Studio shows them as selected). */
export const PASSWORD_POLICY_PRESETS = {
  weak: "/^.{8,}$/",
  strong: "/(?=^.{8,}$)(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()_+}{';'?>.<,])(?!.*\\s).*$/",
} as const;

export type PasswordPolicy = "strong" | "weak" | "none" | { regex: string };

/** Directus strips one pair of surrounding slashes and compiles the rest without flags. */
export function stripSlashes(source: string): string {
  return source.length >= 2 && source.startsWith("/") && source.endsWith("/") ? source.slice(1, -1) : source;
}

export function passwordPolicyToDirectus(policy: PasswordPolicy): string | null {
  if (policy === "none") return null;
  if (policy === "strong" || policy === "weak") return PASSWORD_POLICY_PRESETS[policy];
  return policy.regex;
}

export function passwordPolicyFromDirectus(value: string | null | undefined): PasswordPolicy {
  if (value === null || value === undefined || value === "") return "none";
  if (value === PASSWORD_POLICY_PRESETS.strong) return "strong";
  if (value === PASSWORD_POLICY_PRESETS.weak) return "weak";
  return { regex: value };
}
