import { fieldsToWrite } from "./core-tier";
import type { NormalizedPermission } from "./permissions";

/** The `directus_permissions` row for a permission (with its policy, unless nested in a policy create). */
export function permissionRow(p: NormalizedPermission, policyId?: string): Record<string, unknown> {
  return {
    ...(policyId === undefined ? {} : { policy: policyId }),
    collection: p.collection,
    action: p.action,
    fields: fieldsToWrite(p),
    permissions: p.filter,
    validation: p.validation,
    presets: p.presets,
  };
}
