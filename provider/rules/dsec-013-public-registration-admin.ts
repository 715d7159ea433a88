import { principalsOf } from "../model/access";
import type { InstanceFacts, SecurityRule, Subject } from "./types";

/** The planned end state with this subject's registration (it is the settings being judged). */
function withRegistration(subject: Subject, facts: InstanceFacts): InstanceFacts {
  const registration = subject.kind === "SecuritySettings" ? subject.inputs.publicRegistration : undefined;
  return registration ? { ...facts, registration } : facts;
}

/**
 * Shown on a real server (test/integration/escalation.test.ts): with registration open into the
 * Administrator role, `POST /users/register` makes a stranger an administrator.
 */
export const publicRegistrationAdmin: SecurityRule = {
  id: "DSEC-013",
  name: "public-registration-admin",
  severity: "error",
  rationale:
    "With public registration into a role that has admin access, or a way to escalate to it, anyone on the internet can sign up as an administrator.",
  remediation:
    "Register new users into a role with only what a stranger may have (no admin access and no way to escalate to it, see DSEC-006), or turn public registration off.",
  needsFacts: true,
  exemptible: false,
  appliesTo: ["SecuritySettings"],
  evaluate(subject, context) {
    if (!context.facts || subject.kind !== "SecuritySettings" || !subject.inputs.publicRegistration) return [];
    const signUp = principalsOf(withRegistration(subject, context.facts)).find(
      (p) => p.principal.kind === "registration",
    );
    const path = signUp?.adminPaths[0];
    if (path === undefined) return [];
    return [{ property: "publicRegistration.role", message: `a stranger can sign up as an administrator: ${path}` }];
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
      {
        title: "registration into a role that may create users in any role",
        subject: {
          kind: "SecuritySettings",
          inputs: { publicRegistration: { enabled: true, verifyEmail: true, role: "members" } },
        },
        facts: {
          roles: [{ id: "members", parent: null, name: "Members" }],
          policies: [{ id: "p", name: "Members", adminAccess: false, appAccess: false, enforceTfa: false }],
          access: [{ id: "a", role: "members", user: null, policy: "p" }],
          permissions: [
            {
              policy: "p",
              permission: {
                collection: "directus_users",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            },
          ],
        },
      },
    ],
  },
};
