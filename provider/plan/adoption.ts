/**
 * What taking over an existing object will change, and whether it can be taken over at all. A dynamic
 * resource's preview shows only `+ create` for an object it does not manage yet, so the program
 * warns with the differences, and refuses an `adoptId` that names nothing (or the wrong link) before
 * anything is written.
 */

import type { DirectusClient } from "../client/directus-client";
import type { PermissionRecord } from "../client/records";
import { canonicalJson } from "../model/canonical";
import type { Kind } from "../model/kinds";
import { linkFields, policyFields, roleFields, settingsFields, userFields } from "../model/mapping";
import { type NormalizedPermission, planPermissions } from "../model/permissions";

type Inputs = Record<string, unknown>;

/** Changes a takeover makes (warnings) and reasons it cannot happen (errors). */
export interface Takeover {
  readonly changes: string[];
  readonly problems: string[];
}

const NONE: Takeover = { changes: [], problems: [] };

function changes(list: string[]): Takeover {
  return { changes: list, problems: [] };
}

function missing(what: string, id: unknown): Takeover {
  return {
    changes: [],
    problems: [`adoptId ${String(id)}: no such ${what} on the instance; fix the id, or remove adoptId to create one`],
  };
}

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

/** The permission a `Permission` resource's inputs declare (without policy, adoptId and the common keys). */
function declaredPermission(inputs: Inputs): NormalizedPermission {
  const { collection, action, fields, filter, validation, presets } = inputs as unknown as NormalizedPermission;
  return { collection, action, fields, filter, validation, presets };
}

/** Whether adopting `row` with these `Permission` inputs rewrites it. */
export function adoptedRowChanges(inputs: Inputs, row: PermissionRecord): boolean {
  return planPermissions([declaredPermission(inputs)], [row]).update.length > 0;
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

async function policyTakeover(client: DirectusClient, inputs: Inputs): Promise<Takeover> {
  const id = String(inputs.adoptId);
  const record = await client.getPolicy(id);
  if (!record) return missing("policy", id);
  const permissions = inputs.permissions as NormalizedPermission[] | undefined;
  return changes([
    ...fieldChanges(policyFields(record), inputs),
    ...(permissions ? await permissionChanges(client, id, permissions) : []),
  ]);
}

async function roleTakeover(client: DirectusClient, inputs: Inputs): Promise<Takeover> {
  const record = await client.getRole(String(inputs.adoptId));
  return record ? changes(fieldChanges(roleFields(record), inputs)) : missing("role", inputs.adoptId);
}

async function userTakeover(client: DirectusClient, inputs: Inputs): Promise<Takeover> {
  const record = await client.getUser(String(inputs.adoptId));
  if (!record) return missing("user", inputs.adoptId);
  const token = inputs.rotation === undefined ? [] : ["token: replaced by a new one (rotation is set)"];
  return changes([...fieldChanges(userFields(record), inputs), ...token]);
}

async function rowTakeover(client: DirectusClient, inputs: Inputs): Promise<Takeover> {
  const row = (await client.listPermissions(String(inputs.policy))).find((r) => r.id === inputs.adoptId);
  if (!row) return missing(`permission row of policy ${String(inputs.policy)}`, inputs.adoptId);
  return changes(
    adoptedRowChanges(inputs, row)
      ? [`${row.action} on '${row.collection}' (row ${row.id}): fields, filter, validation or presets differ`]
      : [],
  );
}

async function linkTakeover(client: DirectusClient, inputs: Inputs): Promise<Takeover> {
  const record = await client.getAccess(String(inputs.adoptId));
  if (!record) return missing("link (directus_access row)", inputs.adoptId);
  const { sort, ...found } = linkFields(record);
  const declared = { policy: inputs.policy, role: inputs.role, user: inputs.user };
  if (canonicalJson(found) !== canonicalJson(JSON.parse(JSON.stringify(declared)))) {
    const target = found.role ? `role ${found.role}` : `user ${found.user}`;
    return {
      changes: [],
      problems: [
        `adoptId ${String(inputs.adoptId)} links policy ${found.policy} to ${target}, not what this resource declares; fix policy/role/user, or the adoptId`,
      ],
    };
  }
  return changes(fieldChanges({ sort }, inputs));
}

/** What taking over an existing object does; nothing when the resource creates a new one. */
export async function takeover(client: DirectusClient, kind: Kind, inputs: Inputs): Promise<Takeover> {
  const adopts = inputs.adoptId !== undefined;
  switch (kind) {
    case "Policy":
      return adopts ? policyTakeover(client, inputs) : NONE;
    case "Role":
      return adopts ? roleTakeover(client, inputs) : NONE;
    case "ServiceAccount":
      return adopts ? userTakeover(client, inputs) : NONE;
    case "Permission":
      return adopts ? rowTakeover(client, inputs) : NONE;
    case "PolicyAttachment":
      return adopts ? linkTakeover(client, inputs) : NONE;
    case "PublicAccess":
      return changes(
        await permissionChanges(client, String(inputs.policy), inputs.permissions as NormalizedPermission[]),
      );
    case "SecuritySettings":
      return changes(fieldChanges(settingsFields(await client.getSettings()), inputs));
  }
}
