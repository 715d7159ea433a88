import type { SecurityRule } from "./types";

export const appAccessWithoutTfa: SecurityRule = {
  id: "DSEC-102",
  name: "app-access-without-tfa",
  severity: "warning",
  rationale: "Studio users can usually change content and sometimes more; a password alone protects them poorly.",
  remediation: "Set enforceTfa: true on policies with appAccess (attach them through roles so Directus enforces it).",
  needsFacts: false,
  exemptible: true,
  appliesTo: ["Policy"],
  evaluate(subject) {
    if (
      subject.kind !== "Policy" ||
      !subject.inputs.appAccess ||
      subject.inputs.adminAccess ||
      subject.inputs.enforceTfa
    )
      return [];
    return [
      {
        property: "enforceTfa",
        message: `policy '${subject.inputs.name}' gives Studio access without two-factor authentication`,
      },
    ];
  },
  examples: {
    good: [
      {
        title: "app access with 2FA",
        subject: { kind: "Policy", inputs: { name: "Editors", adminAccess: false, appAccess: true, enforceTfa: true } },
      },
    ],
    bad: [
      {
        title: "app access without 2FA",
        subject: {
          kind: "Policy",
          inputs: { name: "Editors", adminAccess: false, appAccess: true, enforceTfa: false },
        },
      },
    ],
  },
};
