import type { SecurityRule } from "./types";

export const adminWithoutTfa: SecurityRule = {
  id: "DSEC-005",
  name: "admin-without-tfa",
  severity: "error",
  rationale: "A stolen password of an administrator without two-factor authentication is a full takeover.",
  remediation:
    "Set enforceTfa: true on every policy with adminAccess (and attach it through roles, where Directus enforces it).",
  needsFacts: false,
  exemptible: true,
  appliesTo: ["Policy"],
  evaluate(subject) {
    if (subject.kind !== "Policy" || !subject.inputs.adminAccess || subject.inputs.enforceTfa) return [];
    return [
      {
        property: "enforceTfa",
        message: `admin policy '${subject.inputs.name}' does not require two-factor authentication`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "admin with 2FA",
        subject: { kind: "Policy", inputs: { name: "Admin", adminAccess: true, appAccess: true, enforceTfa: true } },
      },
    ],
    bad: [
      {
        title: "admin without 2FA",
        subject: { kind: "Policy", inputs: { name: "Admin", adminAccess: true, appAccess: true, enforceTfa: false } },
      },
    ],
  },
};
