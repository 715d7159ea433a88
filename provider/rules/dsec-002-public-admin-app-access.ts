import { isPublicPolicy, policyById } from "./helpers";
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
  grantsAccess: true,
  appliesTo: ["PublicAccess", "Policy"],
  evaluate(subject, context) {
    if (subject.kind === "Policy") {
      const { adminAccess, appAccess, name } = subject.inputs;
      if (!isPublicPolicy(context.facts, subject.inputs.adoptId ?? context.subjectId) || (!adminAccess && !appAccess))
        return [];
      return [
        {
          property: adminAccess ? "adminAccess" : "appAccess",
          message: `policy '${name}' is public (an access link without role or user) and would have ${
            adminAccess ? "admin access" : "app access"
          }`,
        },
      ];
    }
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
        title: "a Policy that adopts the public policy and turns on app access",
        subject: {
          kind: "Policy",
          inputs: { name: "Public", adminAccess: false, appAccess: true, enforceTfa: false, adoptId: "p-public" },
        },
        facts: {
          policies: [{ id: "p-public", name: "Public", adminAccess: false, appAccess: false, enforceTfa: false }],
          access: [{ id: "a1", policy: "p-public", role: null, user: null }],
        },
      },
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
