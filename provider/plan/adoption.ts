/**
 * What taking over an existing object will change. A dynamic resource's preview shows only `+ create`
 * for an object it does not manage yet, so the program warns with the differences instead.
 */
import type { DirectusClient } from "../client/directus-client";
import { policyFields, roleFields, settingsFields, userFields } from "../model/mapping";
import { canonicalJson } from "../resources/canonical";
import { type NormalizedPermission, planPermissions } from "../resources/permission-rules";

type Inputs = Record<string, unknown>;

function show(value: unknown): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}

/** `field: live → planned` for each field the program sets to something else than the object has. */
export function fieldChanges(live: object, inputs: Inputs): string[] {
  return Object.entries(live).flatMap(([key, value]) =>
    key in inputs && inputs[key] !== undefined && canonicalJson(inputs[key]) !== canonicalJson(value)
      ? [`${key}: ${show(value)} → ${show(inputs[key])}`]
      : [],
  );
}

/** What an authoritative permission list does to the policy's rows. */
async function permissionChanges(
  client: DirectusClient,
  policy: string,
  desired: NormalizedPermission[],
): Promise<string[]> {
  const rows = await client.listPermissions(policy);
  const plan = planPermissions(desired, rows);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return [
    ...plan.remove.map(
      (id) => `permissions: delete ${byId.get(id)?.action} on '${byId.get(id)?.collection}' (row ${id})`,
    ),
    ...plan.update.map(
      ({ id, permission }) => `permissions: change ${permission.action} on '${permission.collection}' (row ${id})`,
    ),
    ...plan.create.map((p) => `permissions: add ${p.action} on '${p.collection}'`),
  ];
}

async function policyChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  const id = String(inputs.adoptId);
  const record = await client.getPolicy(id);
  if (!record) return [];
  const permissions = inputs.permissions as NormalizedPermission[] | undefined;
  return [
    ...fieldChanges(policyFields(record), inputs),
    ...(permissions ? await permissionChanges(client, id, permissions) : []),
  ];
}

async function roleChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  const record = await client.getRole(String(inputs.adoptId));
  return record ? fieldChanges(roleFields(record), inputs) : [];
}

async function userChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  const record = await client.getUser(String(inputs.adoptId));
  if (!record) return [];
  const token = inputs.rotation === undefined ? [] : ["token: replaced by a new one (rotation is set)"];
  return [...fieldChanges(userFields(record), inputs), ...token];
}

async function rowChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  const row = (await client.listPermissions(String(inputs.policy))).find((r) => r.id === inputs.adoptId);
  if (!row) return [];
  const desired = { ...inputs, id: row.id } as unknown as NormalizedPermission;
  return planPermissions([desired], [row]).update.length > 0
    ? [`${row.action} on '${row.collection}' (row ${row.id}): fields, filter, validation or presets differ`]
    : [];
}

async function publicChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  return permissionChanges(client, String(inputs.policy), inputs.permissions as NormalizedPermission[]);
}

async function settingsChanges(client: DirectusClient, inputs: Inputs): Promise<string[]> {
  return fieldChanges(settingsFields(await client.getSettings()), inputs);
}

/** The changes taking over an existing object makes; empty when the resource creates a new one. */
export async function adoptionChanges(client: DirectusClient, kind: string, inputs: Inputs): Promise<string[]> {
  switch (kind) {
    case "Policy":
      return inputs.adoptId === undefined ? [] : policyChanges(client, inputs);
    case "Role":
      return inputs.adoptId === undefined ? [] : roleChanges(client, inputs);
    case "ServiceAccount":
      return inputs.adoptId === undefined ? [] : userChanges(client, inputs);
    case "Permission":
      return inputs.adoptId === undefined ? [] : rowChanges(client, inputs);
    case "PublicAccess":
      return publicChanges(client, inputs);
    case "SecuritySettings":
      return settingsChanges(client, inputs);
    default:
      return [];
  }
}
