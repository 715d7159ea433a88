import { isRestrictedOnCoreTier } from "../model/core-tier";
import { permissionsOf } from "./helpers";
import type { PermissionFacts, SecurityRule } from "./types";

function describe(p: PermissionFacts): string {
  const parts: string[] = [];
  if (p.fields === null) parts.push("no field");
  else if (!p.fields.includes("*")) parts.push(`a field list (${p.fields.join(", ")})`);
  if (p.filter !== null) parts.push("an item filter");
  if (p.validation !== null) parts.push("validation");
  if (p.presets !== null) parts.push("presets");
  return parts.join(", ");
}

export const coreTierCustomRules: SecurityRule = {
  id: "DSEC-009",
  name: "core-tier-custom-rules",
  severity: "error",
  rationale:
    "Directus 12 without a licence (Core tier) refuses to write custom permission rules (RESOURCE_RESTRICTED), except the rows the Studio recommends for app users; applying them would fail half-way. Rows the instance already has are kept as found and not judged by this rule.",
  remediation:
    'Grant fields ["*"] with no filter, validation or presets, or run a licensed Directus 12 (or Directus 11) where custom rules are allowed.',
  needsFacts: true,
  exemptible: false,
  judges: "writes",
  appliesTo: ["Policy", "PublicAccess", "Permission"],
  needsCapabilities: (subject) => permissionsOf(subject).some(({ permission }) => isRestrictedOnCoreTier(permission)),
  evaluate(subject, context) {
    const facts = context.facts;
    if (!facts || facts.customPermissionRules) return [];
    return permissionsOf(subject)
      .filter(({ permission }) => isRestrictedOnCoreTier(permission))
      .map(({ permission, property }) => ({
        property,
        message: `Directus ${facts.version} runs the Core tier (no licence), which refuses custom permission rules (RESOURCE_RESTRICTED): ${permission.action} on '${permission.collection}' has ${describe(permission)}`,
      }));
  },
  examples: {
    good: [
      {
        title: "all fields, no rules, on Core tier",
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
        facts: { version: "12.4.0", customPermissionRules: false },
      },
    ],
    bad: [
      {
        title: "a filter on Core tier",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p",
            collection: "posts",
            action: "read",
            fields: ["*"],
            filter: { status: { _eq: "published" } },
            validation: null,
            presets: null,
          },
        },
        facts: { version: "12.4.0", customPermissionRules: false },
      },
    ],
  },
};
