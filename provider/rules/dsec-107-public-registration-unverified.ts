import { registrationPolicies } from "./helpers";
import type { SecurityRule } from "./types";

export const publicRegistrationUnverified: SecurityRule = {
  id: "DSEC-107",
  name: "public-registration-unverified",
  severity: "warning",
  rationale:
    "Without email verification, anyone can sign up under any address, and with app access they get into the Studio at once.",
  remediation: "Set publicRegistration.verifyEmail: true, or register users into a role without app access.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["SecuritySettings"],
  evaluate(subject, context) {
    const signUp = registrationPolicies(subject, context.facts);
    if (!signUp || signUp.registration.verifyEmail || !signUp.policies.some((p) => p.appAccess)) return [];
    return [
      {
        property: "publicRegistration.verifyEmail",
        message: `public registration into role ${signUp.registration.role}, which has app access, does not verify the email first`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "verified registration",
        subject: {
          kind: "SecuritySettings",
          inputs: { publicRegistration: { enabled: true, verifyEmail: true, role: "members" } },
        },
        facts: {
          roles: [{ id: "members", parent: null }],
          policies: [{ id: "p", name: "Members", adminAccess: false, appAccess: true, enforceTfa: false }],
          access: [{ id: "a", role: "members", user: null, policy: "p" }],
        },
      },
    ],
    bad: [
      {
        title: "unverified registration into a Studio role",
        subject: {
          kind: "SecuritySettings",
          inputs: { publicRegistration: { enabled: true, verifyEmail: false, role: "members" } },
        },
        facts: {
          roles: [{ id: "members", parent: null }],
          policies: [{ id: "p", name: "Members", adminAccess: false, appAccess: true, enforceTfa: false }],
          access: [{ id: "a", role: "members", user: null, policy: "p" }],
        },
      },
    ],
  },
};
