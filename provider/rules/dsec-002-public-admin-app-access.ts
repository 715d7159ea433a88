import { policyById } from "./helpers";
import type { SecurityRule } from "./types";

export const publicAdminOrAppAccess: SecurityRule = {
  id: "DSEC-002",
  name: "public-admin-or-app-access",
  severity: "error",
  rationale:
    "A public policy with admin or app access hands the whole instance (or the Studio) to anyone on the internet.",
  remediation:
    "Turn off adminAccess and appAccess on the public policy, or manage public permissions on a different policy.",
  needsFacts: true,
  exemptible: false,
  appliesTo: ["PublicAccess"],
  evaluate(subject, context) {
    if (subject.kind !== "PublicAccess") return [];
    const policy = policyById(context.facts, subject.inputs.policy);
    if (!policy || (!policy.adminAccess && !policy.appAccess)) return [];
    const what = [policy.adminAccess ? "admin access" : "", policy.appAccess ? "app access" : ""]
      .filter(Boolean)
      .join(" and ");
    return [{ property: "policy", message: `public policy '${policy.name}' (${policy.id}) has ${what}` }];
  },
  examples: {
    good: [
      {
        title: "the built-in public policy without admin or app access",
        subject: { kind: "PublicAccess", inputs: { policy: "p-public", permissions: [] } },
        facts: {
          policies: [{ id: "p-public", name: "Public", adminAccess: false, appAccess: false, enforceTfa: false }],
        },
      },
    ],
    bad: [
      {
        title: "a public policy with admin access",
        subject: { kind: "PublicAccess", inputs: { policy: "p-public", permissions: [] } },
        facts: {
          policies: [{ id: "p-public", name: "Public", adminAccess: true, appAccess: false, enforceTfa: false }],
        },
      },
    ],
  },
};
