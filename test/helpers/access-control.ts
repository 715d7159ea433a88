import type { DirectusServer } from "./directus";
import { restData } from "./rest";

/** The id of the public policy every fresh Directus 11/12 install has. */
export const BUILT_IN_PUBLIC_POLICY = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

export interface PermissionRow {
  id: number;
  policy: string;
  collection: string;
  action: string;
  fields: string[] | null;
  permissions: Record<string, unknown> | null;
}

export interface AccessRow {
  id: string;
  role: string | null;
  user: string | null;
  policy: string;
  sort: number | null;
}

/** The stored permission rows of a policy, read over plain REST. */
export async function permissionsOf(server: DirectusServer, policy: string): Promise<PermissionRow[]> {
  return restData<PermissionRow[]>(server, "GET", `/permissions?filter[policy][_eq]=${policy}&limit=-1`);
}

/** "collection:action" of each row, sorted: a compact view for assertions. */
export function permissionKeys(rows: PermissionRow[]): string[] {
  return rows.map((row) => `${row.collection}:${row.action}`).sort();
}

/** Access rows of a policy, read over plain REST. */
export async function accessRowsOf(server: DirectusServer, policy: string): Promise<AccessRow[]> {
  return restData<AccessRow[]>(server, "GET", `/access?filter[policy][_eq]=${policy}&limit=-1`);
}

/** False on Directus 12 Core tier (no licence): filters, field lists, validation and presets are refused. */
export async function customRulesAllowed(server: DirectusServer): Promise<boolean> {
  const info = await restData<{ license?: { entitlements?: Record<string, unknown> } }>(server, "GET", "/server/info");
  return info.license === undefined || info.license.entitlements?.custom_permission_rules_enabled === true;
}

export async function createPolicy(server: DirectusServer, name: string): Promise<string> {
  return (await restData<{ id: string }>(server, "POST", "/policies", { name })).id;
}

export async function createRole(server: DirectusServer, name: string): Promise<string> {
  return (await restData<{ id: string }>(server, "POST", "/roles", { name })).id;
}

/** A user without role and without password: no app access, so never a seat on Directus 12. */
export async function createUser(server: DirectusServer, email: string): Promise<string> {
  return (await restData<{ id: string }>(server, "POST", "/users", { email })).id;
}
