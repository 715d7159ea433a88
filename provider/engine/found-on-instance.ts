/** Reads the object a resource takes over from the instance, in the shape of its inputs (model/found.ts). */
import type { DirectusClient } from "../client/directus-client";
import type { Found } from "../model/found";
import type { Kind } from "../model/kinds";
import {
  BUILT_IN_PUBLIC_POLICY_ID,
  linkFields,
  policyFields,
  roleFields,
  settingsFields,
  userFields,
} from "../model/mapping";
import { fromRecord } from "../model/permissions";

async function policyFound(client: DirectusClient, id: string): Promise<Found | undefined> {
  const record = await client.getPolicy(id);
  if (!record) return undefined;
  const rows = await client.listPermissions(id);
  return { ...policyFields(record), permissions: rows.map(fromRecord) };
}

/**
 * The object a resource takes over, read from the instance, in the shape of the resource's inputs;
 * undefined when the resource takes nothing over (or the object does not exist).
 */
export async function foundOnInstance(
  client: DirectusClient,
  kind: Kind,
  raw: Readonly<Record<string, unknown>>,
): Promise<Found | undefined> {
  return READ_FOUND[kind](client, raw);
}

type FoundReader = (client: DirectusClient, raw: Readonly<Record<string, unknown>>) => Promise<Found | undefined>;

function adoptIdOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  return typeof raw.adoptId === "string" ? raw.adoptId : undefined;
}

/** Per kind: the object a resource takes over, as found on the instance. */
const READ_FOUND: Record<Kind, FoundReader> = {
  Policy: async (client, raw) => {
    const id = adoptIdOf(raw);
    return id === undefined ? undefined : policyFound(client, id);
  },
  Role: async (client, raw) => {
    const id = adoptIdOf(raw);
    const record = id === undefined ? undefined : await client.getRole(id);
    return record && { ...roleFields(record) };
  },
  ServiceAccount: async (client, raw) => {
    const id = adoptIdOf(raw);
    const record = id === undefined ? undefined : await client.getUser(id);
    return record && { ...userFields(record) };
  },
  PolicyAttachment: async (client, raw) => {
    const id = adoptIdOf(raw);
    const record = id === undefined ? undefined : await client.getAccess(id);
    return record && { ...linkFields(record) };
  },
  Permission: async (client, raw) => {
    if (typeof raw.adoptId !== "number" || typeof raw.policy !== "string") return undefined;
    const row = (await client.listPermissions(raw.policy)).find((r) => r.id === raw.adoptId);
    return row && { ...fromRecord(row), policy: row.policy };
  },
  PublicAccess: async (client, raw) => {
    const policy = typeof raw.policy === "string" ? raw.policy : BUILT_IN_PUBLIC_POLICY_ID;
    return { policy, permissions: (await client.listPermissions(policy)).map(fromRecord) };
  },
  SecuritySettings: async (client) => ({ ...settingsFields(await client.getSettings()) }),
};
