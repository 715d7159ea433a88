import type { SecurityRule } from "./types";

export const loginAttempts: SecurityRule = {
  id: "DSEC-008",
  name: "login-attempts",
  severity: "error",
  rationale: "Unlimited or generous login attempts let attackers guess passwords online without being locked out.",
  remediation: "Set loginAttempts to a small number (5 is common); raise directus:maxLoginAttempts only with a reason.",
  needsFacts: false,
  exemptible: true,
  appliesTo: ["SecuritySettings"],
  evaluate(subject, context) {
    if (subject.kind !== "SecuritySettings" || subject.inputs.loginAttempts === undefined) return [];
    const attempts = subject.inputs.loginAttempts;
    if (attempts === null) return [{ property: "loginAttempts", message: "login attempts are unlimited (null)" }];
    if (attempts > context.limits.loginAttempts) {
      return [
        {
          property: "loginAttempts",
          message: `${attempts} login attempts exceed the limit of ${context.limits.loginAttempts}`,
        },
      ];
    }
    return [];
  },
  examples: {
    good: [{ title: "5 attempts", subject: { kind: "SecuritySettings", inputs: { loginAttempts: 5 } } }],
    bad: [
      { title: "unlimited", subject: { kind: "SecuritySettings", inputs: { loginAttempts: null } } },
      { title: "100 attempts", subject: { kind: "SecuritySettings", inputs: { loginAttempts: 100 } } },
    ],
  },
};
