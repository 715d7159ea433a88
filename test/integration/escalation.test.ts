/**
 * Dangers the rules refuse, shown on the real server first: each test configures Directus over plain
 * REST as a careless operator might, then uses only what that configuration grants to become an
 * administrator. DSEC-006 (every escalation edge of model/escalation.ts) and DSEC-013 (registration
 * into an admin role) exist because of these; docs/escalation-edges.md lists them.
 */
import { randomUUID } from "node:crypto";
import { customRulesAllowed } from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";

const PASSWORD = "Correct-Horse-Battery-9!";
/** The item filter of a grant that only touches the signed-in user's own row. */
const SELF = { id: { _eq: "$CURRENT_USER" } };

async function login(server: DirectusServer, email: string): Promise<string> {
  const { status, data } = await rest(server, "POST", "/auth/login", { email, password: PASSWORD }, null);
  if (status !== 200) throw new Error(`login of ${email} -> ${status}: ${JSON.stringify(data)}`);
  return (data as { access_token: string }).access_token;
}

/** Whether the token has admin access (Directus' own answer for the token's user). */
async function isAdmin(server: DirectusServer, token: string): Promise<boolean> {
  const { data } = await rest(server, "GET", "/policies/me/globals", undefined, token);
  return (data as { admin_access?: boolean }).admin_access === true;
}

async function adminRole(server: DirectusServer): Promise<string> {
  const policies = await restData<{ id: string }[]>(server, "GET", "/policies?filter[admin_access][_eq]=true");
  const links = await restData<{ role: string | null }[]>(
    server,
    "GET",
    `/access?filter[policy][_eq]=${policies[0]?.id}&filter[role][_nnull]=true`,
  );
  const role = links[0]?.role;
  if (!role) throw new Error("the instance has no admin role");
  return role;
}

interface LowPrivilegeUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
  /** Its role and the one API-only policy it holds (the ids it knows of its own account). */
  readonly role: string;
  readonly policy: string;
}

/** A role holding one API-only policy with these grants, and a user in it, signed in. */
async function userWithGrants(
  server: DirectusServer,
  name: string,
  grants: readonly { collection: string; action: string; fields?: readonly string[]; filter?: object }[],
): Promise<LowPrivilegeUser> {
  const { id: policy } = await restData<{ id: string }>(server, "POST", "/policies", { name, app_access: false });
  for (const { collection, action, fields = ["*"], filter = null } of grants) {
    await restData(server, "POST", "/permissions", { policy, collection, action, fields, permissions: filter });
  }
  const { id: role } = await restData<{ id: string }>(server, "POST", "/roles", { name });
  await restData(server, "POST", "/access", { role, policy });
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}@example.com`;
  const { id } = await restData<{ id: string }>(server, "POST", "/users", { email, password: PASSWORD, role });
  const token = await login(server, email);
  expect(await isAdmin(server, token)).toBe(false);
  return { id, email, token, role, policy };
}

/** A request as the low-privilege user; fails the test with Directus' answer unless it succeeds. */
async function as(user: LowPrivilegeUser, server: DirectusServer, method: string, path: string, body: unknown) {
  const { status, data } = await rest(server, method, path, body, user.token);
  if (status >= 300) throw new Error(`${method} ${path} as ${user.email} -> ${status}: ${JSON.stringify(data)}`);
}

async function adminPolicy(server: DirectusServer): Promise<string> {
  const policies = await restData<{ id: string }[]>(server, "GET", "/policies?filter[admin_access][_eq]=true");
  const id = policies[0]?.id;
  if (!id) throw new Error("the instance has no admin policy");
  return id;
}

describe.each(DIRECTUS_VERSIONS)("ways to become admin, on Directus %s", (version) => {
  const live = useDirectus(version);

  // Directus 12 core allows 3 admin or app users: the users a test made administrators go again.
  afterEach(async () => {
    const users = await restData<{ id: string; email: string | null }[]>(
      live.server,
      "GET",
      "/users?fields=id,email&limit=-1",
    );
    const made = users.filter((u) => u.email !== live.server.adminEmail).map((u) => u.id);
    if (made.length > 0) await restData(live.server, "DELETE", "/users", made);
  });

  /**
   * A grant narrowed to these fields (and filter) where the licence allows it. Directus 12 core allows
   * no field list and no filter: there the grant is all fields of every row, which includes the narrow one.
   */
  const narrowed = async (fields: readonly string[], filter?: object) =>
    (await customRulesAllowed(live.server)) ? { fields, ...(filter ? { filter } : {}) } : { fields: ["*"] };

  it("a user whose only grant is create on directus_users creates an administrator and signs in as one", async () => {
    const { id: policy } = await restData<{ id: string }>(live.server, "POST", "/policies", {
      name: "User onboarding",
      app_access: false,
    });
    await restData(live.server, "POST", "/permissions", {
      policy,
      collection: "directus_users",
      action: "create",
      fields: ["*"],
    });
    const { id: role } = await restData<{ id: string }>(live.server, "POST", "/roles", { name: "Onboarding" });
    await restData(live.server, "POST", "/access", { role, policy });
    await restData(live.server, "POST", "/users", { email: "onboarder@example.com", password: PASSWORD, role });

    const onboarder = await login(live.server, "onboarder@example.com");
    expect(await isAdmin(live.server, onboarder)).toBe(false);
    const created = await rest(
      live.server,
      "POST",
      "/users",
      { email: "new-admin@example.com", password: PASSWORD, role: await adminRole(live.server) },
      onboarder,
    );
    // 204: created, though the creator may not read it back.
    expect([200, 204]).toContain(created.status);
    expect(await isAdmin(live.server, await login(live.server, "new-admin@example.com"))).toBe(true);
  });

  it("public registration into the admin role makes anyone on the internet an administrator", async () => {
    await restData(live.server, "PATCH", "/settings", {
      public_registration: true,
      public_registration_verify_email: false,
      public_registration_role: await adminRole(live.server),
    });
    try {
      const registered = await rest(
        live.server,
        "POST",
        "/users/register",
        { email: "stranger@example.com", password: PASSWORD },
        null,
      );
      expect(registered.status).toBe(204);
      expect(await isAdmin(live.server, await login(live.server, "stranger@example.com"))).toBe(true);
    } finally {
      await restData(live.server, "PATCH", "/settings", { public_registration: false, public_registration_role: null });
    }
  });
  it("a role with create and update on flows from one policy and on operations from another runs an operation with full access and makes itself an administrator", async () => {
    const writes = (collection: string) => ["create", "update"].map((action) => ({ collection, action }));
    const automator = await userWithGrants(live.server, "Automation", writes("directus_flows"));
    // The operations come from a second policy on the same role: Directus unites the two.
    const { id: operations } = await restData<{ id: string }>(live.server, "POST", "/policies", {
      name: "Operation editors",
      app_access: false,
    });
    for (const grant of writes("directus_operations")) {
      await restData(live.server, "POST", "/permissions", { policy: operations, ...grant, fields: ["*"] });
    }
    await restData(live.server, "POST", "/access", { role: automator.role, policy: operations });
    const admins = await adminRole(live.server);
    // Ids chosen by the caller: the user may not read what it creates.
    const flow = randomUUID();
    const operation = randomUUID();
    const write = async (method: string, path: string, body: unknown) => {
      const { status, data } = await rest(live.server, method, path, body, automator.token);
      if (status >= 300)
        throw new Error(`${method} ${path} as the automation user -> ${status}: ${JSON.stringify(data)}`);
    };
    await write("POST", "/flows", {
      id: flow,
      name: "Nightly sync",
      status: "active",
      trigger: "webhook",
      options: { method: "GET" },
      accountability: null,
    });
    await write("POST", "/operations", {
      id: operation,
      flow,
      key: "promote",
      name: "Promote",
      type: "item-update",
      position_x: 19,
      position_y: 1,
      options: { collection: "directus_users", key: [automator.id], permissions: "$full", payload: { role: admins } },
    });
    await write("PATCH", `/flows/${flow}`, { operation });

    // Anyone may call a webhook trigger; the flow reloads in the background, so it may take a moment.
    let role: string | null = null;
    for (let attempt = 0; attempt < 40 && role !== admins; attempt++) {
      await rest(live.server, "GET", `/flows/trigger/${flow}`, undefined, null);
      role = (await restData<{ role: string | null }>(live.server, "GET", `/users/${automator.id}?fields=role`)).role;
      if (role !== admins) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(role).toBe(admins);
    expect(await isAdmin(live.server, await login(live.server, "automation@example.com"))).toBe(true);
  });
  // Each of the following holds one grant of the access model and uses only it. The ids it needs are
  // those of its own account (role, policy) and of the admin role or policy, which are not secret.
  it("update on directus_users.role, even limited to $CURRENT_USER: a user moves itself into the admin role", async () => {
    const user = await userWithGrants(live.server, "Self service", [
      { collection: "directus_users", action: "update", ...(await narrowed(["first_name", "role"], SELF)) },
      // Reading its own row back is what PATCH /users/me answers with.
      { collection: "directus_users", action: "read", ...(await narrowed(["*"], SELF)) },
    ]);
    await as(user, live.server, "PATCH", "/users/me", { role: await adminRole(live.server) });
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(true);
  });

  it("create on directus_access: a user links the admin policy to itself", async () => {
    const user = await userWithGrants(live.server, "Access linker", [
      { collection: "directus_access", action: "create" },
    ]);
    await as(user, live.server, "POST", "/access", { policy: await adminPolicy(live.server), user: user.id });
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(true);
  });

  it("update on directus_policies: a user turns on admin access of its own policy", async () => {
    const user = await userWithGrants(live.server, "Policy editor", [
      { collection: "directus_policies", action: "update" },
    ]);
    await as(user, live.server, "PATCH", `/policies/${user.policy}`, { admin_access: true });
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(true);
  });

  it("update on directus_roles: a user puts its own role under the admin role and inherits admin access", async () => {
    const user = await userWithGrants(live.server, "Role editor", [{ collection: "directus_roles", action: "update" }]);
    await as(user, live.server, "PATCH", `/roles/${user.role}`, { parent: await adminRole(live.server) });
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(true);
  });

  it("create on directus_permissions: a user grants itself update on policies, then admin access", async () => {
    const user = await userWithGrants(live.server, "Permission writer", [
      { collection: "directus_permissions", action: "create" },
    ]);
    await as(user, live.server, "POST", "/permissions", {
      policy: user.policy,
      collection: "directus_policies",
      action: "update",
      fields: ["*"],
    });
    await as(user, live.server, "PATCH", `/policies/${user.policy}`, { admin_access: true });
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(true);
  });

  it("update on directus_settings: a user opens registration into the admin role and signs up as an administrator", async () => {
    const user = await userWithGrants(live.server, "Settings editor", [
      { collection: "directus_settings", action: "update" },
    ]);
    try {
      await as(user, live.server, "PATCH", "/settings", {
        public_registration: true,
        public_registration_verify_email: false,
        public_registration_role: await adminRole(live.server),
      });
      const email = `settings-sign-up-${version}@example.com`;
      const registered = await rest(live.server, "POST", "/users/register", { email, password: PASSWORD }, null);
      expect(registered.status).toBe(204);
      expect(await isAdmin(live.server, await login(live.server, email))).toBe(true);
    } finally {
      await restData(live.server, "PATCH", "/settings", { public_registration: false, public_registration_role: null });
    }
  });

  it("update on directus_users.password without a $CURRENT_USER filter: a user sets an administrator's password and signs in as them", async () => {
    const adminEmail = `second-admin-${version}@example.com`;
    const { id: admin } = await restData<{ id: string }>(live.server, "POST", "/users", {
      email: adminEmail,
      password: "Only-The-Admin-Knows-7!",
      role: await adminRole(live.server),
    });
    const user = await userWithGrants(live.server, "Password helpdesk", [
      { collection: "directus_users", action: "update", ...(await narrowed(["password"])) },
    ]);
    await as(user, live.server, "PATCH", `/users/${admin}`, { password: PASSWORD });
    expect(await isAdmin(live.server, await login(live.server, adminEmail))).toBe(true);
  });
  // Fields that look like power but that Directus guards itself: documented, not refused by a rule.
  it("Directus refuses itself: update on the user's own `policies` without a grant on directus_access", async () => {
    const user = await userWithGrants(live.server, "Policy self service", [
      { collection: "directus_users", action: "update", ...(await narrowed(["policies"], SELF)) },
      { collection: "directus_users", action: "read", ...(await narrowed(["*"], SELF)) },
    ]);
    const attempt = await rest(
      live.server,
      "PATCH",
      "/users/me",
      { policies: { create: [{ policy: await adminPolicy(live.server) }], update: [], delete: [] } },
      user.token,
    );
    expect(attempt.status).toBe(403);
    expect(await isAdmin(live.server, await login(live.server, user.email))).toBe(false);
  });

  it("Directus refuses itself: update of another user's `provider` and `external_identifier` by a non-admin", async () => {
    const { id: target } = await restData<{ id: string }>(live.server, "POST", "/users", {
      email: `sso-target-${version}@example.com`,
      role: await adminRole(live.server),
    });
    const user = await userWithGrants(live.server, "Identity editor", [
      { collection: "directus_users", action: "update", ...(await narrowed(["provider", "external_identifier"])) },
    ]);
    const attempt = await rest(
      live.server,
      "PATCH",
      `/users/${target}`,
      { provider: "openid", external_identifier: "attacker" },
      user.token,
    );
    expect(attempt.status).toBeGreaterThanOrEqual(400);
    const after = await restData<{ provider: string; external_identifier: string | null }>(
      live.server,
      "GET",
      `/users/${target}?fields=provider,external_identifier`,
    );
    expect(after).toEqual({ provider: "default", external_identifier: null });
  });
});
