import { canonicalJson } from "../model/canonical";
import { grantedFields, permissionsOf, policyById } from "./helpers";
import type { PermissionFacts, SecurityRule } from "./types";

const ACCESS_MODEL = new Set([
  "directus_roles",
  "directus_policies",
  "directus_permissions",
  "directus_access",
  "directus_settings",
]);
const POWER_FIELDS = ["role", "policies", "token", "status"];
const SELF_ONLY = canonicalJson({ id: { _eq: "$CURRENT_USER" } });

function escalation(permission: PermissionFacts): string | undefined {
  if (ACCESS_MODEL.has(permission.collection) && ["create", "update", "delete"].includes(permission.action)) {
    return `may ${permission.action} '${permission.collection}', which lets it grant itself any access`;
  }
  if (permission.collection === "directus_users" && permission.action === "create") {
    const fields = grantedFields(permission);
    const power = fields.includes("*") ? POWER_FIELDS : POWER_FIELDS.filter((f) => fields.includes(f));
    // Shown on a real server (test/integration/escalation.test.ts): create a user in the admin role, sign in.
    if (power.length > 0) return `may create users with their ${power.join(", ")} set, e.g. in the Administrator role`;
    return undefined;
  }
  if (permission.collection !== "directus_users" || permission.action !== "update") return undefined;
  const fields = grantedFields(permission);
  const all = fields.includes("*");
  const power = all ? POWER_FIELDS : POWER_FIELDS.filter((f) => fields.includes(f));
  if (power.length > 0) return `may update users' ${power.join(", ")}, which grants power`;
  const selfOnly = permission.filter !== null && canonicalJson(permission.filter) === SELF_ONLY;
  if ((all || fields.includes("email")) && !selfOnly) {
    return "may change other users' email (and so reset their passwords)";
  }
  return undefined;
}

export const privilegeEscalation: SecurityRule = {
  id: "DSEC-006",
  name: "privilege-escalation",
  severity: "error",
  rationale:
    "A non-admin policy that can edit roles, policies, permissions, access links, settings or users' power fields, or create users with them, can make itself admin.",
  remediation:
    'Remove create/update/delete on directus_roles, directus_policies, directus_permissions, directus_access and directus_settings; limit directus_users updates to harmless fields with filter { id: { _eq: "$CURRENT_USER" } }, and user creation to fields without role, policies, token and status.',
  needsFacts: true,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["Policy", "Permission", "PublicAccess"],
  evaluate(subject, context) {
    if (subject.kind === "Policy" && subject.inputs.adminAccess) return [];
    if (subject.kind === "Permission" && policyById(context.facts, subject.inputs.policy)?.adminAccess) return [];
    return permissionsOf(subject).flatMap(({ permission, property }) => {
      const problem = escalation(permission);
      return problem
        ? [{ property, message: `${subject.kind === "PublicAccess" ? "the public" : "this policy"} ${problem}` }]
        : [];
    });
  },
  examples: {
    good: [
      {
        title: "users may edit their own name",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Self service",
            adminAccess: false,
            appAccess: true,
            enforceTfa: true,
            permissions: [
              {
                collection: "directus_users",
                action: "update",
                fields: ["first_name", "email"],
                filter: { id: { _eq: "$CURRENT_USER" } },
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
    ],
    bad: [
      {
        title: "onboarding staff may create users with any role",
        subject: {
          kind: "Policy",
          inputs: {
            name: "User onboarding",
            adminAccess: false,
            permissions: [
              {
                collection: "directus_users",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
      {
        title: "editors may change roles of users",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Editors",
            adminAccess: false,
            appAccess: true,
            enforceTfa: true,
            permissions: [
              {
                collection: "directus_users",
                action: "update",
                fields: ["role"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
      {
        title: "a policy that may write permissions",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p",
            collection: "directus_permissions",
            action: "create",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        },
      },
    ],
  },
};
