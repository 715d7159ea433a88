import { compilePasswordRegex, STRONG_PASSWORDS } from "./dsec-011-password-lockout";
import type { SecurityRule } from "./types";

/** Passwords shorter than 8 characters in every character class mix a policy might require. */
const SHORT_PASSWORDS = ["a", "aaaaaaa", "1234567", "Aa1!", "Aa1!Aa1", "Passw0!", "AAAAAA1!".slice(0, 7)];

/** Common passwords of 8+ characters, and ones that lack one of the strong preset's character classes. */
const WEAK_PASSWORDS = [
  "password",
  "12345678",
  "qwertyuiop",
  "iloveyou1",
  "Password1",
  "Passw0rd",
  "abcdefgh1!",
  "ABCDEFGH1!",
  "Abcdefgh!!",
  "Abcdefgh12",
  "Abc def1!",
];

function customRegexProblem(regex: string, production: boolean): string | undefined {
  const compiled = compilePasswordRegex(regex);
  // A regex that does not compile or refuses strong passwords is DSEC-011's (it cannot be acknowledged).
  if (!compiled || !STRONG_PASSWORDS.some((candidate) => compiled.test(candidate))) return undefined;
  const short = SHORT_PASSWORDS.find((candidate) => compiled.test(candidate));
  if (short !== undefined) return `accepts the ${short.length}-character password '${short}'`;
  const weak = production ? WEAK_PASSWORDS.find((candidate) => compiled.test(candidate)) : undefined;
  if (weak !== undefined) {
    return `accepts the weak password '${weak}' on a production stack (weaker than the "strong" preset, which requires a digit, a lower- and an upper-case letter and a symbol)`;
  }
  return undefined;
}

export const passwordPolicy: SecurityRule = {
  id: "DSEC-007",
  name: "password-policy",
  severity: "error",
  rationale:
    "Weak or missing password rules make credential stuffing and guessing practical, and production holds real data.",
  remediation:
    'Use passwordPolicy: "strong"; a custom regex must require at least 8 characters everywhere, and in production at least what "strong" requires.',
  needsFacts: false,
  exemptible: true,
  appliesTo: ["SecuritySettings"],
  evaluate(subject) {
    if (subject.kind !== "SecuritySettings" || subject.inputs.passwordPolicy === undefined) return [];
    const policy = subject.inputs.passwordPolicy;
    if (typeof policy === "object") {
      const problem = customRegexProblem(policy.regex, subject.inputs.production === true);
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
      {
        title: "the strong preset's rules plus a longer minimum, in production",
        subject: {
          kind: "SecuritySettings",
          inputs: {
            passwordPolicy: { regex: "(?=^.{12,}$)(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[^A-Za-z0-9\\s])(?!.*\\s).*$" },
            production: true,
          },
        },
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
      {
        title: "the weak preset written out as a custom regex, in production",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "^.{8,}$" }, production: true } },
      },
    ],
  },
};
