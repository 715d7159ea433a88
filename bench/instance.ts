/**
 * What the benchmarks share: the generated configuration (policies x permissions over real
 * collections) written into a Directus instance with plain @directus/sdk calls, and the table formats.
 */
import { createDirectus, createPermissions, createPolicy, deletePolicies, rest, staticToken } from "@directus/sdk";
import { type DirectusServer, pinnedDirectusVersions, resolveDirectusVersion } from "../test/helpers/directus";
import { ensureCollection } from "../test/helpers/schema";
import { generatedCollections, generatedPolicies } from "./program/generated";

/** Creates the collections the generated permissions name, so they name what exists (no unknown-collection warnings). */
export async function createGeneratedCollections(server: DirectusServer, permissions: number): Promise<void> {
  for (const collection of generatedCollections(permissions)) await ensureCollection(server, collection, ["title"]);
}

function clientOf(url: string, token: string) {
  return createDirectus(url).with(staticToken(token)).with(rest());
}

/**
 * Creates the generated policies with sequential calls, one request per policy plus one permission
 * batch, through `url` (the server or a proxy in front of it). Returns the policy ids.
 */
export async function createGeneratedPolicies(
  url: string,
  token: string,
  policies: number,
  permissions: number,
): Promise<string[]> {
  const client = clientOf(url, token);
  const ids: string[] = [];
  for (const spec of generatedPolicies(policies, permissions)) {
    const policy = (await client.request(createPolicy({ name: spec.name }))) as { id: string };
    ids.push(policy.id);
    await client.request(
      createPermissions(
        spec.permissions.map((p) => ({ ...p, policy: policy.id, permissions: null, validation: null, presets: null })),
      ),
    );
  }
  return ids;
}

export async function deleteGeneratedPolicies(url: string, token: string, ids: string[]): Promise<void> {
  await clientOf(url, token).request(deletePolicies(ids));
}

/** `--version all|11|12|12.4.0` as the pinned releases it names. */
export function versionsFrom(wanted: string): string[] {
  return wanted === "all" ? pinnedDirectusVersions() : [resolveDirectusVersion(wanted)];
}

/** A positive whole number from a command-line flag, or an error naming the flag. */
export function positiveInteger(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a positive whole number, not "${value}"`);
  return n;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(7)} s`;
export const ratio = (value: number) => `x${value.toFixed(2)}`.padEnd(7);
