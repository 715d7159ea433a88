import { policyById } from "./helpers";
import type { SecurityRule } from "./types";

export const tfaOnUserLink: SecurityRule = {
  id: "DSEC-103",
  name: "tfa-on-user-link",
  severity: "warning",
  rationale:
    "Directus enforces a policy's 2FA requirement at login only through the user's role, not through a direct user link.",
  remediation: "Attach policies that require 2FA to a role, and give the user that role.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["PolicyAttachment"],
  evaluate(subject, context) {
    if (subject.kind !== "PolicyAttachment" || !subject.inputs.user) return [];
    const policy = policyById(context.facts, subject.inputs.policy);
    if (!policy?.enforceTfa) return [];
    return [
      {
        property: "user",
        message: `policy '${policy.name}' requires 2FA, which is not enforced when it is attached directly to a user`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "2FA policy attached to a role",
        subject: { kind: "PolicyAttachment", inputs: { policy: "p", role: "r" } },
        facts: { policies: [{ id: "p", name: "Editors", adminAccess: false, appAccess: true, enforceTfa: true }] },
      },
    ],
    bad: [
      {
        title: "2FA policy attached to a user",
        subject: { kind: "PolicyAttachment", inputs: { policy: "p", user: "u" } },
        facts: { policies: [{ id: "p", name: "Editors", adminAccess: false, appAccess: true, enforceTfa: true }] },
      },
    ],
  },
};
