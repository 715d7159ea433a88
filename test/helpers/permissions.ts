import type { NormalizedPermission, PermissionAction } from "../../provider/model/permissions";

/** A normalized permission: every field, no rules, unless `extra` says otherwise. */
export function permissionOf(
  collection: string,
  action: PermissionAction,
  extra: Partial<NormalizedPermission> = {},
): NormalizedPermission {
  return { collection, action, fields: ["*"], filter: null, validation: null, presets: null, ...extra };
}
