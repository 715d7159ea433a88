import { permissionsOf } from "./helpers";
import type { SecurityRule } from "./types";

export const unknownCollection: SecurityRule = {
  id: "DSEC-106",
  name: "unknown-collection",
  severity: "warning",
  rationale:
    "Directus stores permissions on collections it does not have without a word; a misspelled name grants nothing and hides the mistake.",
  remediation:
    "Check the collection name against the data model (Settings > Data Model); create the collection first if it is new.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["Policy", "PublicAccess", "Permission"],
  evaluate(subject, context) {
    const facts = context.facts;
    if (!facts) return [];
    return permissionsOf(subject)
      .filter(
        ({ permission }) => !permission.collection.startsWith("directus_") && !(permission.collection in facts.fields),
      )
      .map(({ permission, property }) => ({
        property,
        message: `collection '${permission.collection}' does not exist on the instance (yet)`,
      }));
  },
  examples: {
    good: [
      {
        title: "a permission on an existing collection",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p",
            collection: "posts",
            action: "read",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        },
        facts: { fields: { posts: ["id", "title"] } },
      },
    ],
    bad: [
      {
        title: "a misspelled collection",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p",
            collection: "post",
            action: "read",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        },
        facts: { fields: { posts: ["id", "title"] } },
      },
    ],
  },
};
