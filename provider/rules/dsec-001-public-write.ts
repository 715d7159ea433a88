import { publicPermissionsOf, WRITE_ACTIONS } from "./helpers";
import type { SecurityRule } from "./types";

export const publicWrite: SecurityRule = {
  id: "DSEC-001",
  name: "public-write",
  severity: "error",
  rationale:
    "Anything anonymous requests may create, update, delete or share can be defaced, spammed or wiped by anyone.",
  remediation:
    "Grant only `read` to the public; give writers a role with a ServiceAccount (e.g. a server-side form handler) instead.",
  needsFacts: false,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["PublicAccess", "Policy", "Permission"],
  evaluate(subject, context) {
    return publicPermissionsOf(subject, context)
      .filter(({ permission }) => WRITE_ACTIONS.has(permission.action))
      .map(({ permission, property }) => ({
        property,
        message: `the public may ${permission.action} items of '${permission.collection}'`,
      }));
  },
  examples: {
    good: [
      {
        title: "public read of published posts",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17",
            permissions: [
              {
                collection: "posts",
                action: "read",
                fields: ["title"],
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
        title: "a Permission that adds create on a policy that is public on the instance",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p-helpers",
            collection: "posts",
            action: "create",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        },
        facts: { access: [{ id: "a1", policy: "p-helpers", role: null, user: null }] },
      },
      {
        title: "public create on form submissions",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17",
            permissions: [
              {
                collection: "form_submissions",
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
    ],
  },
};
