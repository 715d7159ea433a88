import { stripSlashes } from "../model/password-policy";
import type { SecurityRule } from "./types";

/** Passwords the strong preset accepts; a policy that refuses all of them locks every user out of new passwords. */
export const STRONG_PASSWORDS = ["Kx7#mQ9!pLz2vT", "Correct-Horse-7-Battery!", "Zu8&nW4.rY6_eB3"];

/** The regex as Directus compiles it: one pair of slashes stripped, no flags. Undefined when it does not compile. */
export function compilePasswordRegex(regex: string): RegExp | undefined {
  try {
    return new RegExp(stripSlashes(regex));
  } catch {
    return undefined;
  }
}

export const passwordLockout: SecurityRule = {
  id: "DSEC-011",
  name: "password-lockout",
  severity: "error",
  rationale:
    "Directus checks every new password against this regex; one that does not compile or refuses strong passwords stops every user from setting a password until someone edits the database.",
  remediation:
    'Use passwordPolicy: "strong", or a regex without slashes and flags that accepts strong passwords, e.g. { regex: "^.{12,}$" }; test it against a long password with digits, letters and symbols.',
  needsFacts: false,
  exemptible: false,
  appliesTo: ["SecuritySettings"],
  evaluate(subject) {
    if (subject.kind !== "SecuritySettings") return [];
    const policy = subject.inputs.passwordPolicy;
    if (typeof policy !== "object") return [];
    const compiled = compilePasswordRegex(policy.regex);
    if (!compiled) {
      return [
        {
          property: "passwordPolicy.regex",
          message:
            "the custom password regex does not compile as Directus compiles it (one pair of slashes stripped, the rest without flags)",
        },
      ];
    }
    if (STRONG_PASSWORDS.some((candidate) => compiled.test(candidate))) return [];
    return [
      {
        property: "passwordPolicy.regex",
        message: `the custom password regex refuses even strong passwords such as '${STRONG_PASSWORDS[0]}', so nobody could set a password (flags such as /gi are not supported: Directus compiles the pattern without flags)`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "a long-password regex",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "^.{12,}$" } } },
      },
      { title: "the strong preset", subject: { kind: "SecuritySettings", inputs: { passwordPolicy: "strong" } } },
    ],
    bad: [
      {
        title: "a regex with flags, which Directus compiles as a pattern nothing matches",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "/^.{12,}$/gi" } } },
      },
      {
        title: "a regex that does not compile",
        subject: { kind: "SecuritySettings", inputs: { passwordPolicy: { regex: "^(.{12,}$" } } },
      },
    ],
  },
};
