import { stripSlashes } from "../resources/password-policy";
import type { SecurityRule } from "./types";

/** Passwords shorter than 8 characters in every character class mix a policy might require. */
const SHORT_PASSWORDS = ["a", "aaaaaaa", "1234567", "Aa1!", "Aa1!Aa1", "Passw0!", "AAAAAA1!".slice(0, 7)];

function acceptsShortPasswords(regex: string): string | undefined {
  let compiled: RegExp;
  try {
    compiled = new RegExp(stripSlashes(regex));
  } catch {
    return "does not compile";
  }
  const accepted = SHORT_PASSWORDS.find((candidate) => compiled.test(candidate));
  return accepted === undefined ? undefined : `accepts the ${accepted.length}-character password '${accepted}'`;
}

export const passwordPolicy: SecurityRule = {
  id: "DSEC-007",
  name: "password-policy",
  severity: "error",
  rationale:
    "Weak or missing password rules make credential stuffing and guessing practical, and production holds real data.",
  remediation: 'Use passwordPolicy: "strong" (or a custom regex that requires at least 8 characters).',
  needsFacts: false,
  exemptible: true,
  appliesTo: ["SecuritySettings"],
  evaluate(subject) {
    if (subject.kind !== "SecuritySettings" || subject.inputs.passwordPolicy === undefined) return [];
    const policy = subject.inputs.passwordPolicy;
    if (typeof policy === "object") {
      const problem = acceptsShortPasswords(policy.regex);
      return problem ? [{ property: "passwordPolicy.regex", message: `the custom password regex ${problem}` }] : [];
    }
    if ((policy === "none" || policy === "weak") && subject.inputs.production) {
      return [{ property: "passwordPolicy", message: `password policy '${policy}' on a production stack` }];
    }
    return [];
  },
  examples: {
    good: [
      {
        title: "strong in production",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: "strong", production: true } },
      },
      {
        title: "weak on a dev stack",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: "weak", production: false } },
      },
      {
        title: "long custom regex",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "^.{12,}$" } } },
      },
    ],
    bad: [
      {
        title: "none in production",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: "none", production: true } },
      },
      {
        title: "custom regex allowing 4 characters",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "^.{4,}$" } } },
      },
    ],
  },
};
