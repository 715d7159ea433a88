import { policiesOfRole } from "./helpers";
import type { SecurityRule } from "./types";

export const serviceAccountAppAccess: SecurityRule = {
  id: "DSEC-104",
  name: "service-account-app-access",
  severity: "warning",
  rationale:
    "A static token never expires and skips 2FA; in a role with Studio (app) access it is a standing, unprotected login.",
  remediation: "Give service accounts a role whose policies have appAccess: false.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["ServiceAccount"],
  evaluate(subject, context) {
    const facts = context.facts;
    if (subject.kind !== "ServiceAccount" || !subject.inputs.role || !facts) return [];
    const withApp = [...policiesOfRole(facts, subject.inputs.role)]
      .map((id) => facts.policies.find((p) => p.id === id))
      .filter((p) => p?.appAccess || p?.adminAccess);
    if (withApp.length === 0) return [];
    return [
      {
        property: "role",
        message: `the role gives app access through ${withApp.map((p) => `'${p?.name}'`).join(", ")}`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "API-only role",
        subject: { kind: "ServiceAccount", inputs: { email: "api@example.com", role: "r" } },
        facts: {
          policies: [{ id: "p", name: "API", adminAccess: false, appAccess: false, enforceTfa: false }],
          access: [{ id: "a", role: "r", user: null, policy: "p" }],
          roles: [{ id: "r", parent: null }],
        },
      },
    ],
    bad: [
      {
        title: "role with Studio access",
        subject: { kind: "ServiceAccount", inputs: { email: "api@example.com", role: "r" } },
        facts: {
          policies: [{ id: "p", name: "Editors", adminAccess: false, appAccess: true, enforceTfa: true }],
          access: [{ id: "a", role: "r", user: null, policy: "p" }],
          roles: [{ id: "r", parent: null }],
        },
      },
    ],
  },
};
