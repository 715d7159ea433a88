import { registrationPolicies } from "./helpers";
import type { SecurityRule } from "./types";

/**
 * Shown on a real server (test/integration/escalation.test.ts): with registration open into the
 * Administrator role, `POST /users/register` makes a stranger an administrator.
 */
export const publicRegistrationAdmin: SecurityRule = {
  id: "DSEC-013",
  name: "public-registration-admin",
  severity: "error",
  rationale:
    "With public registration into a role that has admin access, anyone on the internet can sign up as an administrator.",
  remediation:
    "Register new users into a role with only what a stranger may have (no admin access), or turn public registration off.",
  needsFacts: true,
  exemptible: false,
  appliesTo: ["SecuritySettings"],
  evaluate(subject, context) {
    const signUp = registrationPolicies(subject, context.facts);
    const admin = signUp?.policies.find((p) => p.adminAccess);
    if (!signUp || !admin) return [];
    return [
      {
        property: "publicRegistration.role",
        message: `public registration signs new users up into role ${signUp.registration.role}, which gets admin access through policy '${admin.name}': public -> self-registration -> admin access`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "registration into a role without admin access",
        subject: {
          kind: "SecuritySettings",
          inputs: { publicRegistration: { enabled: true, verifyEmail: true, role: "members" } },
        },
        facts: {
          roles: [{ id: "members", parent: null }],
          policies: [{ id: "p", name: "Members", adminAccess: false, appAccess: false, enforceTfa: false }],
          access: [{ id: "a", role: "members", user: null, policy: "p" }],
        },
      },
    ],
    bad: [
      {
        title: "registration into the Administrator role",
        subject: {
          kind: "SecuritySettings",
          inputs: { publicRegistration: { enabled: true, verifyEmail: true, role: "admins" } },
        },
        facts: {
          roles: [{ id: "admins", parent: null }],
          policies: [{ id: "p", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true }],
          access: [{ id: "a", role: "admins", user: null, policy: "p" }],
        },
      },
    ],
  },
};
