import { createRole } from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";

interface UserRow {
  id: string;
  email: string;
  first_name: string | null;
  role: string | null;
  status: string;
  password: string | null;
  token: string | null;
}

/** GET /users/me with the given static token: the status, and the user id when it worked. */
async function whoAmI(server: DirectusServer, token: string): Promise<{ status: number; id?: string }> {
  const { status, data } = await rest(server, "GET", "/users/me?fields=id", undefined, token);
  return status === 200 ? { status, id: (data as { id: string }).id } : { status };
}

function tokenOf(outs: Record<string, unknown>): string {
  const token = outs.token;
  if (typeof token !== "string" || token.length < 32) throw new Error(`no usable token in outputs: ${String(token)}`);
  return token;
}

describe.each(DIRECTUS_VERSIONS)("ServiceAccount on Directus %s", (version) => {
  const live = useDirectus(version);
  const account = () => new ProviderHarness("ServiceAccount", live.server);

  it("creates a password-less user whose static token authenticates, and no diff on an uppercase email", async () => {
    const role = await createRole(live.server, "Website API");
    const inputs = { email: "Website.API@Example.COM", firstName: "Website", role };
    const { id, outs } = await account().create(inputs);
    expect(outs.email).toBe("website.api@example.com");
    const stored = await restData<UserRow>(live.server, "GET", `/users/${id}?fields=*`);
    expect(stored).toMatchObject({
      email: "website.api@example.com",
      first_name: "Website",
      role,
      status: "active",
      password: null,
    });
    expect(await whoAmI(live.server, tokenOf(outs))).toEqual({ status: 200, id });
    expect(await account().diff(id, outs, inputs)).toMatchObject({ changes: false });
    const refreshed = await account().read(id, outs);
    expect(refreshed.props?.token).toBe(outs.token);
    expect(await account().diff(id, refreshed.props ?? {}, inputs)).toMatchObject({ changes: false });
  });

  it("issues a new token when rotation changes, and the old one stops working", async () => {
    const inputs = { email: "rotating@example.com", rotation: "2025-01" };
    const { id, outs } = await account().create(inputs);
    const first = tokenOf(outs);
    const renamed = await account().update(id, outs, { ...inputs, firstName: "Renamed" });
    expect(renamed.token).toBe(first);
    expect(await whoAmI(live.server, first)).toEqual({ status: 200, id });

    const rotated = { ...inputs, rotation: "2025-02" };
    expect(await account().diff(id, renamed, rotated)).toMatchObject({ changes: true, replaces: [] });
    const updated = await account().update(id, renamed, rotated);
    const second = tokenOf(updated);
    expect(second).not.toBe(first);
    expect(await whoAmI(live.server, second)).toEqual({ status: 200, id });
    expect((await whoAmI(live.server, first)).status).toBe(401);
  });

  it("detects a status changed outside Pulumi and restores it on update", async () => {
    const inputs = { email: "suspend.me@example.com" };
    const { id, outs } = await account().create(inputs);
    await restData(live.server, "PATCH", `/users/${id}`, { status: "suspended" });
    expect((await whoAmI(live.server, tokenOf(outs))).status).toBe(401);
    const drifted = await account().read(id, outs);
    expect(drifted.inputs).toMatchObject({ status: "suspended" });
    expect(await account().diff(id, drifted.props ?? {}, inputs)).toMatchObject({ changes: true, replaces: [] });
    const updated = await account().update(id, drifted.props ?? {}, inputs);
    expect((await restData<UserRow>(live.server, "GET", `/users/${id}`)).status).toBe("active");
    expect(await whoAmI(live.server, tokenOf(updated))).toEqual({ status: 200, id });
  });

  it("reports a status the program cannot set, e.g. unverified, instead of hiding it", async () => {
    const inputs = { email: "unverified@example.com" };
    const { id, outs } = await account().create(inputs);
    await restData(live.server, "PATCH", `/users/${id}`, { status: "unverified" });
    expect((await whoAmI(live.server, tokenOf(outs))).status).toBe(401);
    const drifted = await account().read(id, outs);
    expect(drifted.inputs).toMatchObject({ status: "unverified" });
    expect(await account().diff(id, drifted.props ?? {}, inputs)).toMatchObject({ changes: true });
    const updated = await account().update(id, drifted.props ?? {}, inputs);
    expect(await whoAmI(live.server, tokenOf(updated))).toEqual({ status: 200, id });
  });

  it("deletes the user, and detects a user deleted outside Pulumi", async () => {
    const { id, outs } = await account().create({ email: "short.lived@example.com" });
    await account().delete(id, outs);
    expect((await rest(live.server, "GET", `/users/${id}`)).status).toBe(403);
    expect((await whoAmI(live.server, tokenOf(outs))).status).toBe(401);
    expect(await account().read(id, outs)).toEqual({});

    const other = await account().create({ email: "deleted.by.hand@example.com" });
    expect((await rest(live.server, "DELETE", `/users/${other.id}`)).status).toBe(204);
    expect(await account().read(other.id, other.outs)).toEqual({});
    await expect(account().update(other.id, other.outs, { email: "deleted.by.hand@example.com" })).rejects.toThrow(
      /no longer exists/,
    );
    // A destroy without refresh deletes a user that is already gone: that must not fail.
    await account().delete(other.id, other.outs);
  });

  it("refuses an invalid email or status at check, naming the property", async () => {
    const result = await account().check({ email: "not-an-email", status: "gone" });
    expect((result.failures ?? []).map((f) => f.property).sort()).toEqual(["email", "status"]);
  });

  it("creates more service accounts than Directus 12 Core tier has seats: they use no seat", async () => {
    const role = await createRole(live.server, "Integrations");
    const created = [];
    for (const name of ["one", "two", "three", "four"]) {
      created.push(await account().create({ email: `integration.${name}@example.com`, role }));
    }
    for (const { id, outs } of created) expect(await whoAmI(live.server, tokenOf(outs))).toEqual({ status: 200, id });
  });
});
