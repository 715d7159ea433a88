/**
 * The one reader of a live instance: a handful of list requests, however large the instance. `import`
 * and `audit` read the whole model; the judgement reads the parts the rules need, as facts.
 */
import { resolveConnection } from "../client/connection";
import { DirectusClient } from "../client/directus-client";
import { factsOf, type InstanceModel, type ModelPart, type ModelPermission } from "../model/instance";
import {
  isPublicLink,
  linkFields,
  permissionFields,
  policyFields,
  roleFields,
  settingsFields,
  userFields,
} from "../model/mapping";
import { compareText } from "../model/order";
import { sortPermissions } from "../model/permissions";
import { operatorFacts } from "../rules/operator";
import type { InstanceFacts } from "../rules/types";

export interface ReadOptions {
  /** Called before each list request, for progress output. */
  readonly onStep?: (what: string) => void;
  /** Read only these parts (the others stay empty); default: all. */
  readonly only?: readonly ModelPart[] | undefined;
}

/** One list request, reported to `onStep`; a part left out of `only` is not read and stays `skipped`. */
async function step<T>(
  options: ReadOptions,
  what: string,
  read: () => Promise<T>,
  part?: { readonly name: ModelPart; readonly skipped: T },
): Promise<T> {
  if (part && options.only && !options.only.includes(part.name)) return part.skipped;
  options.onStep?.(what);
  return read();
}

/** Reads the access-control configuration: at most 8 requests, however large the instance. */
export async function readInstance(client: DirectusClient, options: ReadOptions = {}): Promise<InstanceModel> {
  const [capabilities, roles, policies, permissions, access, users, settings, fields] = await Promise.all([
    step(options, "server info", () => client.capabilities()),
    step(options, "roles", () => client.listRoles(), { name: "roles", skipped: [] }),
    step(options, "policies", () => client.listPolicies(), { name: "policies", skipped: [] }),
    step(options, "permissions", () => client.listAllPermissions(), { name: "permissions", skipped: [] }),
    step(options, "access", () => client.listAccess({}), { name: "access", skipped: [] }),
    step(options, "users", () => client.listUsersInDetail(), { name: "users", skipped: [] }),
    step(options, "settings", () => client.getSettings(), { name: "settings", skipped: {} }),
    step(options, "fields", () => client.listUserFields()),
  ]);
  const rowsByPolicy = new Map<string, ModelPermission[]>();
  for (const row of permissions) {
    if (!row.policy) continue;
    rowsByPolicy.set(row.policy, [...(rowsByPolicy.get(row.policy) ?? []), { ...permissionFields(row), id: row.id }]);
  }
  const byId = <T extends { id: string }>(a: T, b: T) => compareText(a.id, b.id);
  return {
    version: capabilities.version,
    customPermissionRules: capabilities.customPermissionRules,
    roles: roles.map((r) => ({ ...roleFields(r), id: r.id })).sort(byId),
    policies: policies
      .map((p) => ({ ...policyFields(p), id: p.id, permissions: sortPermissions(rowsByPolicy.get(p.id) ?? []) }))
      .sort(byId),
    links: access
      .filter((a) => !isPublicLink(a))
      .map((a) => ({ ...linkFields(a), id: a.id }))
      .sort(byId),
    publicLinks: access
      .filter(isPublicLink)
      .map((a) => ({ id: a.id, policy: a.policy }))
      .sort(byId),
    users: users
      .map((u) => ({ ...userFields(u), id: u.id, serviceAccount: Boolean(u.token) && !u.password }))
      .sort(byId),
    settings: settingsFields(settings),
    fields,
  };
}

/** The parts of the instance the security rules read (the permission rows and the registration settings for the effective-access model). */
const FACT_PARTS: readonly ModelPart[] = ["roles", "policies", "permissions", "access", "users", "settings"];

/** What the rules need to know about the live instance, with the token's own admin access. */
export async function collectFacts(client: DirectusClient): Promise<InstanceFacts> {
  // A wrong or non-admin token is said once, naming the setting, before any other read fails on it.
  await client.assertAdministrator();
  const [model, me] = await Promise.all([readInstance(client, { only: FACT_PARTS }), client.currentUser()]);
  const facts = factsOf(model);
  return { ...facts, operator: operatorFacts(facts, me.id) };
}

/** An instance the CLI reads: its address, and the reader. */
export interface InstanceAt {
  readonly url: string;
  read(options?: ReadOptions): Promise<InstanceModel>;
}

/**
 * The instance at `url` (or DIRECTUS_URL), with the token from DIRECTUS_TOKEN; a fleet's instance has
 * its token in the variable `source.tokenEnv` names, and its URL comes from `source.urlSource`.
 */
export function instanceAt(url: string | undefined, source?: { tokenEnv: string; urlSource: string }): InstanceAt {
  const token = source ? process.env[source.tokenEnv] : process.env.DIRECTUS_TOKEN;
  const client = new DirectusClient(
    resolveConnection({
      url,
      token,
      tokenSource: source?.tokenEnv ?? "DIRECTUS_TOKEN",
      ...(source ? { urlSource: source.urlSource } : {}),
    }),
  );
  return { url: client.connection.url, read: (options) => readInstance(client, options) };
}
