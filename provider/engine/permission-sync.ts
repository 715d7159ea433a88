/** Makes a policy's `directus_permissions` rows match a list, with Directus' batch endpoints. */
import type { DirectusClient } from "../client/directus-client";
import { permissionRow } from "../model/permission-row";
import {
  fromRecord,
  type NormalizedPermission,
  type PermissionPlan,
  permissionKey,
  planPermissions,
  reuseRemovedRows,
  sortPermissions,
} from "../model/permissions";

/** Applies a plan with Directus' batch endpoints: at most one request per kind of change. */
export async function applyPermissionPlan(
  client: DirectusClient,
  policyId: string,
  plan: PermissionPlan,
): Promise<void> {
  const { remove, update, create } = reuseRemovedRows(plan);
  await client.deletePermissions(remove);
  await client.updatePermissions(update.map(({ id, permission }) => ({ id, ...permissionRow(permission, policyId) })));
  await client.createPermissions(create.map((permission) => permissionRow(permission, policyId)));
}

/**
 * Reads the policy's rows and makes them match `desired` (scoped to `onlyKeys` when given). After a
 * transient failure it reads again and sends only what is still missing, so it never duplicates a row.
 */
export async function syncPermissions(
  client: DirectusClient,
  policyId: string,
  desired: NormalizedPermission[],
  onlyKeys?: Set<string>,
): Promise<void> {
  await client.converge(async () => {
    const rows = await client.listPermissions(policyId);
    const scope = onlyKeys ? rows.filter((row) => onlyKeys.has(permissionKey(row))) : rows;
    await applyPermissionPlan(client, policyId, planPermissions(desired, scope));
  });
}

export async function readPermissions(client: DirectusClient, policyId: string): Promise<NormalizedPermission[]> {
  return sortPermissions((await client.listPermissions(policyId)).map(fromRecord));
}
