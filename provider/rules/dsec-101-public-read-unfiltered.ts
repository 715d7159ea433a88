import { allFields, permissionsOf } from "./helpers";
import type { SecurityRule } from "./types";

const STATUS_LIKE = /^(status|state|published|is_published|visibility|draft|is_draft)$/i;

export const publicReadUnfiltered: SecurityRule = {
  id: "DSEC-101",
  name: "public-read-unfiltered",
  severity: "warning",
  rationale: "A plain public read on a collection with a status field also serves drafts and archived items.",
  remediation: 'Add a filter such as { status: { _eq: "published" } } and list only the fields visitors need.',
  needsFacts: true,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["PublicAccess"],
  evaluate(subject, context) {
    if (subject.kind !== "PublicAccess" || !context.facts) return [];
    return permissionsOf(subject).flatMap(({ permission, property }) => {
      if (permission.action !== "read") return [];
      const statusField = context.facts?.fields[permission.collection]?.find((f) => STATUS_LIKE.test(f));
      if (!statusField || (permission.filter !== null && !allFields(permission))) return [];
      const gaps = [permission.filter === null ? "no filter" : "", allFields(permission) ? "all fields" : ""].filter(
        Boolean,
      );
      return [
        {
          property,
          message: `public read of '${permission.collection}' (which has '${statusField}') with ${gaps.join(" and ")}`,
        },
      ];
    });
  },
  examples: {
    good: [
      {
        title: "filtered, listed fields",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "p",
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
        facts: { fields: { posts: ["id", "title", "status"] } },
      },
    ],
    bad: [
      {
        title: "read all posts",
        subject: {
          kind: "PublicAccess",
          inputs: {
            policy: "p",
            permissions: [
              { collection: "posts", action: "read", fields: ["*"], filter: null, validation: null, presets: null },
            ],
          },
        },
        facts: { fields: { posts: ["id", "title", "status"] } },
      },
    ],
  },
};
