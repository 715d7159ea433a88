import type { SecurityRule } from "./types";

const ENVIRONMENT_MARKER =
  /\b(prod|production|staging|stage|preprod|dev|development|test|testing|qa|uat|local|sandbox)\b/i;

export const projectNameEnvironment: SecurityRule = {
  id: "DSEC-105",
  name: "project-name-environment",
  severity: "warning",
  rationale:
    "The project name is the 2FA issuer: authenticator apps overwrite entries that share it, so each environment needs its own.",
  remediation: "Include the environment in projectName, e.g. the stack name: `Acme CMS (production)`.",
  needsFacts: false,
  exemptible: true,
  appliesTo: ["SecuritySettings"],
  evaluate(subject, context) {
    if (subject.kind !== "SecuritySettings" || subject.inputs.projectName === undefined) return [];
    const name = subject.inputs.projectName;
    const namesStack = context.stack !== undefined && name.toLowerCase().includes(context.stack.toLowerCase());
    if (namesStack || ENVIRONMENT_MARKER.test(name)) return [];
    return [{ property: "projectName", message: `project name '${name}' does not say which environment this is` }];
  },
  examples: {
    good: [
      {
        title: "names the stack",
        subject: { kind: "SecuritySettings", inputs: { projectName: "Acme CMS (production)" } },
      },
    ],
    bad: [{ title: "the default name", subject: { kind: "SecuritySettings", inputs: { projectName: "Directus" } } }],
  },
};
