/**
 * The pulumi-directus security rules as a Pulumi policy pack, for review in CI:
 *   pulumi preview --policy-pack node_modules/pulumi-directus/policy-pack
 * Errors (DSEC-0xx) are mandatory, warnings (DSEC-1xx) advisory. The pack sees the planned inputs
 * only, so rules that need the live instance (admin counts, licence, schema) run in the provider's
 * own preview checks instead. Acknowledged findings are left to the provider, which prints them with
 * their reasons.
 */
import { PolicyPack, type ResourceValidationPolicy } from "@pulumi/policy";
import { staticFindingsFor } from "../engine/static-check";
import { kindOfTypeToken } from "../model/kinds";
import { SECURITY_RULES } from "../rules/registry";

const policies: ResourceValidationPolicy[] = SECURITY_RULES.filter((rule) => !rule.needsFacts).map((rule) => ({
  name: `${rule.id.toLowerCase()}-${rule.name}`,
  description: `${rule.id}: ${rule.rationale}`,
  enforcementLevel: rule.severity === "error" ? "mandatory" : "advisory",
  validateResource: (args, reportViolation) => {
    const kind = kindOfTypeToken(args.type);
    if (!kind) return;
    for (const finding of staticFindingsFor(kind, args.props as Record<string, unknown>, rule.id)) {
      if (finding.acknowledged === undefined) reportViolation(`${finding.property}: ${finding.text}`);
    }
  },
}));

new PolicyPack("directus-security", { policies });
