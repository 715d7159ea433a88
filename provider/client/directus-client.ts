import {
  createDirectus,
  createPermissions,
  createPolicy,
  createRole,
  createUser,
  customEndpoint,
  deletePermissions,
  deletePolicy,
  deleteRole,
  deleteUser,
  type RestCommand,
  readFields,
  readMe,
  readPermissions,
  readPolicies,
  readPolicy,
  readRole,
  readRoles,
  readSettings,
  readUser,
  readUsers,
  rest,
  serverInfo,
  staticToken,
  updatePermissionsBatch,
  updatePolicy,
  updateRole,
  updateSettings,
  updateUser,
  withOptions,
} from "@directus/sdk";
import DataLoader from "dataloader";
import { z } from "zod";
import { type Connection, DEFAULT_OPERATION_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS } from "./connection";
import {
  DirectusConnectionError,
  DirectusObjectGoneError,
  DirectusRequestError,
  isDuplicate,
  isForbidden,
  isTransientFailure,
  toRequestError,
} from "./errors";
import {
  type AccessRecord,
  accessRecordSchema,
  fieldRecordSchema,
  type PermissionRecord,
  type PolicyRecord,
  permissionRecordSchema,
  policyRecordSchema,
  type RoleRecord,
  roleRecordSchema,
  type SettingsRecord,
  serverInfoSchema,
  settingsRecordSchema,
  type UserRecord,
  userRecordSchema,
} from "./records";
import { converge, DEFAULT_RETRY_ATTEMPTS, resilientFetch } from "./resilient-fetch";

type Body = Record<string, unknown>;

/**
 * The User-Agent of every request: Directus keeps it in its activity log, where writes can be traced to
 * a stack. `note` says what kind of write it is: `create <id>` (a creation marker) or `release` (the
 * stack stops managing the object).
 */
export function stackAgent(stack: string | undefined, note?: string): string {
  const parts = [...(stack ? [`stack ${stack}`] : []), ...(note ? [note] : [])];
  return parts.length === 0 ? "pulumi-directus" : `pulumi-directus (${parts.join("; ")})`;
}

/** The stack and note of a User-Agent written by {@link stackAgent}, if it names a stack. */
export function parseStackAgent(agent: unknown): { stack: string; note: string | undefined } | undefined {
  if (typeof agent !== "string") return undefined;
  const match = /^pulumi-directus \(stack ([^;)]+)(?:; ([^)]*))?\)$/.exec(agent);
  return match?.[1] ? { stack: match[1], note: match[2] } : undefined;
}

function withUserAgent(options: RequestInit, agent: string): RequestInit {
  return { ...options, headers: { ...(options.headers as Record<string, string> | undefined), "User-Agent": agent } };
}

export interface ServerCapabilities {
  readonly version: string;
  /** Directus 12+ reports a licence (possibly the free Core tier); Directus 11 does not. */
  readonly licensed: boolean;
  /** False on Directus 12 Core tier: field lists other than ["*"], filters, validation and presets are refused. */
  readonly customPermissionRules: boolean;
}
// The SDK's command types are generic over a user schema we do not have; results are parsed with zod.
// biome-ignore lint/suspicious/noExplicitAny: internal to this file, never crosses its boundary.
type AnyCommand = RestCommand<any, any>;

const ALL = -1;
const POLICY_FIELDS = ["id", "name", "icon", "description", "ip_access", "enforce_tfa", "admin_access", "app_access"];
const PERMISSION_FIELDS = ["id", "policy", "collection", "action", "fields", "permissions", "validation", "presets"];
const policyWithPermissionsSchema = policyRecordSchema.extend({
  permissions: z.array(permissionRecordSchema.partial({ id: true })),
});
/** Most policies one batched read asks for (their ids travel in the query string). */
const POLICY_READ_BATCH = 50;
/** How long a read waits for others to join its batch. */
const BATCH_WINDOW_MS = 10;

export interface PolicyWithPermissions {
  readonly policy: PolicyRecord;
  readonly permissions: PermissionRecord[];
}

/** The batching policy readers of this process, per connection and stack (see getPolicyWithPermissions). */
const policyReaders = new Map<string, DataLoader<string, PolicyWithPermissions | undefined>>();

/**
 * The one place that speaks to Directus. It hides the API's quirks from the resources:
 * a missing object reads as 403 (we confirm with a list query and return undefined), and a PATCH of
 * a missing object answers 204 with no body (we raise DirectusObjectGoneError instead of succeeding).
 */
export class DirectusClient {
  private readonly sdk;

  /** `stack` (`<project>/<stack>`) marks every request's User-Agent, so Directus' activity log names the writer. */
  constructor(
    readonly connection: Connection,
    readonly stack?: string,
    /** Added to every request's User-Agent, e.g. `release` for the requests of a delete. */
    readonly note?: string,
  ) {
    // Every request gives up after the request timeout, the whole client after the operation timeout
    // (one client serves one provider call), and transient failures are retried (resilient-fetch.ts).
    const fetch = resilientFetch({
      requestTimeoutMs: connection.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000,
      deadlineAt: Date.now() + (connection.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_SECONDS * 1000),
      attempts: DEFAULT_RETRY_ATTEMPTS,
      startingDelayMs: 250,
      maxDelayMs: 8_000,
    });
    const agent = stackAgent(stack, note);
    const marked = ((input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("user-agent")) headers.set("user-agent", agent);
      return fetch(input, { ...init, headers });
    }) as typeof fetch;
    this.sdk = createDirectus(connection.url, { globals: { fetch: marked } })
      .with(staticToken(connection.token))
      .with(rest());
  }

  private async send(operation: string, command: AnyCommand): Promise<unknown> {
    try {
      return await this.sdk.request(command);
    } catch (error) {
      throw toRequestError(operation, error, this.connection);
    }
  }

  private async parse<S extends z.ZodType>(operation: string, command: AnyCommand, schema: S): Promise<z.output<S>> {
    return schema.parse(await this.send(operation, command));
  }

  private async parseList<S extends z.ZodType>(
    operation: string,
    command: AnyCommand,
    schema: S,
  ): Promise<z.output<S>[]> {
    const rows = await this.send(operation, command);
    return (Array.isArray(rows) ? rows : []).map((row) => schema.parse(row));
  }

  /** Reads one object by id; undefined when it does not exist (403 confirmed by a filtered list). */
  private async readOrMissing<T>(read: () => Promise<T>, stillExists: () => Promise<boolean>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (isForbidden(error) && !(await stillExists())) return undefined;
      throw error;
    }
  }

  private requireUpdated<T>(collection: string, id: string, result: T | undefined | null): T {
    if (result === undefined || result === null) throw new DirectusObjectGoneError(collection, id);
    return result;
  }

  /**
   * Creates an object under the id the resource chose, or takes it over when that id exists already
   * (an earlier attempt reached Directus but its answer was lost): `takeOver` brings it to the
   * desired state. Never creates a second object.
   */
  async createOrTakeOver<T>(
    create: () => Promise<T>,
    exists: () => Promise<boolean>,
    takeOver: () => Promise<T>,
  ): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (isDuplicate(error) && (await exists())) return takeOver();
      throw error;
    }
  }

  /** Repeats a read-then-write step after transient failures; see {@link converge}. */
  converge<T>(step: () => Promise<T>): Promise<T> {
    return converge(step, isTransientFailure);
  }

  private capabilitiesPromise: Promise<ServerCapabilities> | undefined;

  /** Version and licence-dependent features of the server, read once per client. */
  async capabilities(): Promise<ServerCapabilities> {
    this.capabilitiesPromise ??= this.parse("read server info", serverInfo(), serverInfoSchema).then((info) => {
      // Directus 11 has no licence; Directus 12 without the entitlement runs the Core tier.
      const entitlements = info.license?.entitlements ?? {};
      return {
        version: info.version ?? "unknown",
        licensed: info.license !== undefined,
        customPermissionRules: info.license === undefined || entitlements.custom_permission_rules_enabled === true,
      };
    });
    return this.capabilitiesPromise;
  }

  // --- roles -------------------------------------------------------------------------------
  async getRole(id: string): Promise<RoleRecord | undefined> {
    return this.readOrMissing(
      () =>
        this.parse(
          `read role ${id}`,
          readRole(id, { fields: ["id", "name", "icon", "description", "parent"] }),
          roleRecordSchema,
        ),
      async () =>
        ((await this.send(`find role ${id}`, readRoles({ filter: { id: { _eq: id } }, fields: ["id"] }))) as unknown[])
          .length > 0,
    );
  }

  async createRole(body: Body): Promise<RoleRecord> {
    return this.parse("create role", createRole(body), roleRecordSchema);
  }

  async updateRole(id: string, body: Body): Promise<RoleRecord> {
    const result = await this.send(`update role ${id}`, updateRole(id, body));
    return roleRecordSchema.parse(this.requireUpdated("directus_roles", id, result));
  }

  async deleteRole(id: string): Promise<void> {
    await this.send(`delete role ${id}`, deleteRole(id));
  }

  // --- policies ----------------------------------------------------------------------------
  async getPolicy(id: string): Promise<PolicyRecord | undefined> {
    return this.readOrMissing(
      () => this.parse(`read policy ${id}`, readPolicy(id, { fields: POLICY_FIELDS }), policyRecordSchema),
      () => this.policyExists(id),
    );
  }

  /**
   * A policy and every one of its permission rows. Reads that arrive together in this process (the
   * engine refreshes resources in parallel) go out as one list request of up to
   * {@link POLICY_READ_BATCH} policies, through a fresh client per batch; nothing is cached between
   * reads. Undefined when the policy does not exist.
   */
  async getPolicyWithPermissions(id: string): Promise<PolicyWithPermissions | undefined> {
    const key = `${this.connection.url}\n${this.connection.token}\n${this.stack ?? ""}`;
    let reader = policyReaders.get(key);
    if (!reader) {
      const { connection, stack } = this;
      reader = new DataLoader((ids) => new DirectusClient(connection, stack).policiesWithPermissions(ids), {
        cache: false,
        maxBatchSize: POLICY_READ_BATCH,
        batchScheduleFn: (dispatch) => setTimeout(dispatch, BATCH_WINDOW_MS),
      });
      policyReaders.set(key, reader);
    }
    return reader.load(id);
  }

  /** The policies among `ids` with their permission rows, in `ids`' order (undefined where missing). */
  private async policiesWithPermissions(ids: readonly string[]): Promise<(PolicyWithPermissions | undefined)[]> {
    const fields = [...POLICY_FIELDS, ...PERMISSION_FIELDS.map((field) => `permissions.${field}`)];
    const rows = await this.parseList(
      `read ${ids.length} policies with their permissions`,
      readPolicies({ filter: { id: { _in: [...ids] } }, limit: ALL, fields, deep: { permissions: { _limit: ALL } } }),
      policyWithPermissionsSchema,
    );
    const byId = new Map(
      rows.map(({ permissions, ...policy }) => [
        policy.id,
        // Like list reads, the nested list may carry synthetic system rows (no id): they are not stored rows.
        { policy, permissions: permissions.filter((row): row is PermissionRecord => typeof row.id === "number") },
      ]),
    );
    return ids.map((id) => byId.get(id));
  }

  private async policyExists(id: string): Promise<boolean> {
    const rows = await this.send(`find policy ${id}`, readPolicies({ filter: { id: { _eq: id } }, fields: ["id"] }));
    return (rows as unknown[]).length > 0;
  }

  async listPolicies(): Promise<PolicyRecord[]> {
    return this.parseList("list policies", readPolicies({ limit: ALL }), policyRecordSchema);
  }

  async createPolicy(body: Body): Promise<PolicyRecord> {
    return this.parse("create policy", createPolicy(body), policyRecordSchema);
  }

  async updatePolicy(id: string, body: Body): Promise<PolicyRecord> {
    const result = await this.send(`update policy ${id}`, updatePolicy(id, body));
    return policyRecordSchema.parse(this.requireUpdated("directus_policies", id, result));
  }

  async deletePolicy(id: string): Promise<void> {
    await this.send(`delete policy ${id}`, deletePolicy(id));
  }

  // --- permissions (batch endpoints: one request per kind of change) -------------------------
  /**
   * Permission responses mix in synthetic system rows (`system: true`, no id) - on list reads with
   * app access, and on every batch create/update answer. They are not stored rows; drop them.
   */
  private async permissionRows(operation: string, command: AnyCommand): Promise<PermissionRecord[]> {
    const rows = await this.parseList(operation, command, permissionRecordSchema.partial({ id: true }));
    return rows.filter((row): row is PermissionRecord => typeof row.id === "number");
  }

  /** Every stored permission row of the instance, in one request. */
  async listAllPermissions(): Promise<PermissionRecord[]> {
    return this.permissionRows("list permissions", readPermissions({ limit: ALL, sort: ["id"] }));
  }

  async listPermissions(policyId: string): Promise<PermissionRecord[]> {
    return this.permissionRows(
      `list permissions of policy ${policyId}`,
      readPermissions({ filter: { policy: { _eq: policyId } }, limit: ALL }),
    );
  }

  /**
   * Creates permission rows. Rows have integer ids the caller cannot choose, so `marker` (when given)
   * travels as the request's User-Agent, which Directus keeps in its activity log: {@link wasCreatedWith}
   * finds the row again if the answer is lost.
   */
  async createPermissions(rows: Body[], marker?: string): Promise<PermissionRecord[]> {
    if (rows.length === 0) return [];
    const command = createPermissions(rows);
    return this.permissionRows(
      `create ${rows.length} permissions`,
      marker === undefined
        ? command
        : withOptions(command, (options) => withUserAgent(options, stackAgent(this.stack, `create ${marker}`))),
    );
  }

  /** Whether Directus' activity log says `item` of `collection` was created by a request carrying `marker`. */
  async wasCreatedWith(collection: string, item: string | number, marker: string): Promise<boolean> {
    const rows = await this.send(
      `read the activity of ${collection} ${item}`,
      customEndpoint({
        path: "/activity",
        method: "GET",
        params: {
          filter: { collection: { _eq: collection }, item: { _eq: String(item) }, action: { _eq: "create" } },
          fields: ["user_agent"],
          limit: ALL,
        },
      }),
    );
    const agents = (Array.isArray(rows) ? rows : []).map((row) => (row as { user_agent?: unknown }).user_agent);
    return agents.some((agent) => parseStackAgent(agent)?.note === `create ${marker}`);
  }

  /**
   * The stacks that manage each object (`<collection>:<item>`) according to Directus' activity log: a
   * stack whose requests wrote the object and whose latest such write is not a release (a delete).
   */
  async stackWriters(objects: readonly { collection: string; item: string }[]): Promise<Map<string, Set<string>>> {
    const holders = new Map<string, Set<string>>();
    if (objects.length === 0) return holders;
    const rows = await this.send(
      "read which stacks manage the shared objects",
      customEndpoint({
        path: "/activity",
        method: "GET",
        params: {
          filter: {
            _and: [
              { user_agent: { _starts_with: "pulumi-directus (stack " } },
              { _or: objects.map((o) => ({ collection: { _eq: o.collection }, item: { _eq: o.item } })) },
            ],
          },
          fields: ["id", "collection", "item", "user_agent"],
          sort: ["id"],
          limit: ALL,
        },
      }),
    );
    for (const row of Array.isArray(rows) ? rows : []) {
      const { collection, item, user_agent } = row as { collection?: unknown; item?: unknown; user_agent?: unknown };
      const writer = parseStackAgent(user_agent);
      if (!writer) continue;
      const key = `${String(collection)}:${String(item)}`;
      const stacks = holders.get(key) ?? new Set<string>();
      if (writer.note === "release") stacks.delete(writer.stack);
      else stacks.add(writer.stack);
      holders.set(key, stacks);
    }
    return holders;
  }

  async updatePermissions(rows: (Body & { id: number })[]): Promise<PermissionRecord[]> {
    if (rows.length === 0) return [];
    return this.permissionRows(`update ${rows.length} permissions`, updatePermissionsBatch(rows));
  }

  async deletePermissions(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.send(`delete ${ids.length} permissions`, deletePermissions(ids));
  }

  /** An empty update, so the activity log records this client's note (e.g. a release) on the object. */
  async touch(collection: "roles" | "policies", id: string): Promise<void> {
    await this.send(
      `mark ${collection} ${id}`,
      customEndpoint({ path: `/${collection}/${encodeURIComponent(id)}`, method: "PATCH", body: "{}" }),
    );
  }

  // --- access (directus_access: no SDK command, REST path /access) ----------------------------
  async listAccess(filter: Record<string, unknown>): Promise<AccessRecord[]> {
    return this.parseList(
      "list access rows",
      // The SDK serializes `filter` itself and silently drops it when given a string.
      customEndpoint({ path: "/access", method: "GET", params: { filter, limit: ALL } }),
      accessRecordSchema,
    );
  }

  async getAccess(id: string): Promise<AccessRecord | undefined> {
    const rows = await this.listAccess({ id: { _eq: id } });
    return rows[0];
  }

  async createAccess(body: Body): Promise<AccessRecord> {
    const data = await this.send(
      "create access row",
      customEndpoint({ path: "/access", method: "POST", body: JSON.stringify(body) }),
    );
    return accessRecordSchema.parse(data);
  }

  async updateAccess(id: string, body: Body): Promise<AccessRecord> {
    const data = await this.send(
      `update access row ${id}`,
      customEndpoint({ path: `/access/${encodeURIComponent(id)}`, method: "PATCH", body: JSON.stringify(body) }),
    );
    return accessRecordSchema.parse(this.requireUpdated("directus_access", id, data));
  }

  async deleteAccess(id: string): Promise<void> {
    await this.send(
      `delete access row ${id}`,
      customEndpoint({ path: `/access/${encodeURIComponent(id)}`, method: "DELETE" }),
    );
  }

  // --- users -----------------------------------------------------------------------------------
  async getUser(id: string): Promise<UserRecord | undefined> {
    const fields = ["id", "email", "first_name", "last_name", "role", "status", "token", "provider"];
    return this.readOrMissing(
      () => this.parse(`read user ${id}`, readUser(id, { fields }), userRecordSchema),
      async () =>
        ((await this.send(`find user ${id}`, readUsers({ filter: { id: { _eq: id } }, fields: ["id"] }))) as unknown[])
          .length > 0,
    );
  }

  /** The user the token belongs to. */
  /**
   * Fails at once, naming the setting the token came from, when Directus does not take the token or
   * it is not an administrator's: everything this package reads and writes needs admin access.
   */
  async assertAdministrator(): Promise<void> {
    const { url, tokenSource = "directus:token" } = this.connection;
    let user: UserRecord;
    try {
      user = await this.parse("read the token's user", readMe({ fields: ["id", "email"] }), userRecordSchema);
    } catch (error) {
      if (error instanceof DirectusRequestError && (error.status === 401 || error.status === 403)) {
        throw new DirectusConnectionError(
          `Directus at ${url} does not accept the token in ${tokenSource} (${error.status} ${error.code}): it is not a valid static token there. Fix: set an administrator's static token (Directus: user > Token) with 'pulumi config set --secret directus:token <token>', or export DIRECTUS_TOKEN.`,
        );
      }
      throw error;
    }
    const globals = await this.send(
      "read the token's access",
      customEndpoint<{ admin_access?: boolean }>({ path: "/policies/me/globals", method: "GET" }),
    );
    if ((globals as { admin_access?: boolean } | undefined)?.admin_access !== true) {
      throw new DirectusConnectionError(
        `the token in ${tokenSource} belongs to ${user.email ?? `user ${user.id}`}, who has no admin access on ${url}; pulumi-directus reads and writes roles, policies, permissions and settings, which needs an administrator's static token. Fix: use an administrator's token, or give this user a policy with admin access.`,
      );
    }
  }

  async currentUser(): Promise<UserRecord> {
    return this.parse("read the token's user", readMe({ fields: ["id", "role", "status"] }), userRecordSchema);
  }

  async createUser(body: Body): Promise<UserRecord> {
    return this.parse("create user", createUser(body), userRecordSchema);
  }

  async updateUser(id: string, body: Body): Promise<UserRecord> {
    const result = await this.send(`update user ${id}`, updateUser(id, body));
    return userRecordSchema.parse(this.requireUpdated("directus_users", id, result));
  }

  async deleteUser(id: string): Promise<void> {
    await this.send(`delete user ${id}`, deleteUser(id));
  }

  // --- lists for security rules -------------------------------------------------------------------
  async listRoles(): Promise<RoleRecord[]> {
    return this.parseList(
      "list roles",
      readRoles({ limit: ALL, fields: ["id", "name", "icon", "description", "parent"] }),
      roleRecordSchema,
    );
  }

  /** Every user with the fields `import` and `audit` need (static tokens and passwords come back masked). */
  async listUsersInDetail(): Promise<UserRecord[]> {
    const fields = ["id", "email", "first_name", "last_name", "role", "status", "token", "provider", "password"];
    return this.parseList("list users", readUsers({ limit: ALL, fields }), userRecordSchema);
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.parseList(
      "list users",
      readUsers({ limit: ALL, fields: ["id", "role", "status", "email"] }),
      userRecordSchema,
    );
  }

  /** Field names of every user collection (system collections left out). */
  async listUserFields(): Promise<Record<string, string[]>> {
    const rows = await this.parseList("list fields", readFields(), fieldRecordSchema);
    const byCollection: Record<string, string[]> = {};
    for (const row of rows) {
      if (row.collection.startsWith("directus_")) continue;
      byCollection[row.collection] = [...(byCollection[row.collection] ?? []), row.field];
    }
    return byCollection;
  }

  // --- settings (singleton) ----------------------------------------------------------------------
  async getSettings(): Promise<SettingsRecord> {
    return this.parse("read settings", readSettings(), settingsRecordSchema);
  }

  async updateSettings(body: Body): Promise<SettingsRecord> {
    return this.parse("update settings", updateSettings(body), settingsRecordSchema);
  }
}
