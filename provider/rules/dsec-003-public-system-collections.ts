import { publicPermissionsOf } from "./helpers";
import type { SecurityRule } from "./types";

const CRITICAL = new Set([
  "directus_users",
  "directus_settings",
  "directus_roles",
  "directus_policies",
  "directus_permissions",
  "directus_access",
]);

export const publicSystemCollections: SecurityRule = {
  id: "DSEC-003",
  name: "public-system-collections",
  severity: "error",
  rationale:
    "System collections hold users, tokens, settings and the access model itself; public access to them leaks or hands over the instance.",
  remediation:
    "Remove directus_* collections from the public permissions; expose what visitors need through your own collections.",
  needsFacts: false,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["PublicAccess", "Policy", "Permission"],
  evaluate(subject, context) {
    return publicPermissionsOf(subject, context)
      .filter(({ permission }) => permission.collection.startsWith("directus_"))
      .map(({ permission, property }) => ({
        property,
        message: `the public may ${permission.action} the system collection '${permission.collection}'${
          CRITICAL.has(permission.collection) ? " (it controls who can do what on this instance)" : ""
        }`,
      }));
  },
  examples: {
    good: [
      {
        title: "public read of a content collection",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "p",
            permissions: [
              {
                collection: "posts",
                action: "read",
                fields: ["*"],
                filter: { status: { _eq: "published" } },
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
        title: "public read of directus_users",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "p",
            permissions: [
              {
                collection: "directus_users",
                action: "read",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
    ],
  },
};
