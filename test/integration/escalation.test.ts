/**
 * Dangers the rules refuse, shown on the real server first: each test configures Directus over plain
 * REST as a careless operator might, then uses only what that configuration grants to become an
 * administrator. DSEC-006 (create on directus_users) and DSEC-013 (registration into an admin role)
 * exist because of these.
 */
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";

const PASSWORD = "Correct-Horse-Battery-9!";

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

describe.each(DIRECTUS_VERSIONS)("ways to become admin, on Directus %s", (version) => {
  const live = useDirectus(version);

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
});
