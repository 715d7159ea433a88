import { customRulesAllowed } from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";
import { countRequests, ensureCollection } from "../helpers/schema";

interface PermissionRow {
  id: number;
  collection: string;
  action: string;
  fields: string[];
  permissions: Record<string, unknown> | null;
}

async function permissionsOf(server: DirectusServer, policy: string): Promise<PermissionRow[]> {
  return restData<PermissionRow[]>(server, "GET", `/permissions?filter[policy][_eq]=${policy}&limit=-1`);
}

describe.each(DIRECTUS_VERSIONS)("Policy on Directus %s", (version) => {
  const live = useDirectus(version);
  const policy = () => new ProviderHarness("Policy", live.server);

  beforeAll(async () => {
    await ensureCollection(live.server, "posts", ["title", "status", "body"]);
    await ensureCollection(live.server, "submissions", ["email", "message"]);
    await ensureCollection(live.server, "analytics", ["metric"]);
  });

  it("creates a policy with its permissions, and reordering or re-keying them is no diff", async () => {
    const permissions = [
      { collection: "submissions", action: "create" },
      { collection: "posts", action: "read" },
      { collection: "analytics", action: "read" },
    ];
    const { id, outs } = await policy().create({ name: "Website API", permissions, enforceTfa: true });
    const rows = await permissionsOf(live.server, id);
    expect(rows.map((r) => `${r.collection}:${r.action}`).sort()).toEqual([
      "analytics:read",
      "posts:read",
      "submissions:create",
    ]);
    expect(await restData(live.server, "GET", `/policies/${id}`)).toMatchObject({
      name: "Website API",
      enforce_tfa: true,
      admin_access: false,
      app_access: false,
    });
    const reordered = { name: "Website API", enforceTfa: true, permissions: [...permissions].reverse() };
    expect(await policy().diff(id, outs, reordered)).toMatchObject({ changes: false });
    const refreshed = await policy().read(id, outs);
    expect(await policy().diff(id, refreshed.props ?? {}, reordered)).toMatchObject({ changes: false });
  });

  it("refreshes a policy and its inline permissions in one request, without Directus' synthetic app-access rows", async () => {
    const permissions = [{ collection: "posts", action: "read", fields: ["*"] }];
    const { id, outs } = await policy().create({ name: "Studio editors", appAccess: true, permissions });
    let refreshed: Awaited<ReturnType<ReturnType<typeof policy>["read"]>> = {};
    const counts = await countRequests(async () => {
      refreshed = await policy().read(id, outs);
    });
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(1);
    expect(refreshed.props?.permissions).toEqual([
      { collection: "posts", action: "read", fields: ["*"], filter: null, validation: null, presets: null },
    ]);
  });

  it("reads policies refreshed together in one request, and a deleted one as gone", async () => {
    const created = await Promise.all(
      ["Batch A", "Batch B", "Batch C"].map((name) =>
        policy().create({ name, permissions: [{ collection: "posts", action: "read" }] }),
      ),
    );
    const [gone, ...kept] = created;
    if (!gone) throw new Error("no policy created");
    await restData(live.server, "DELETE", `/policies/${gone.id}`);
    let results: Awaited<ReturnType<ReturnType<typeof policy>["read"]>>[] = [];
    const counts = await countRequests(async () => {
      results = await Promise.all(created.map(({ id, outs }) => policy().read(id, outs)));
    });
    expect([...counts]).toEqual([["GET /policies", 1]]);
    expect(results[0]).toEqual({});
    expect(results.slice(1).map((r) => r.props?.name)).toEqual(kept.map((k) => k.outs.name));
  });

  it("creates under its creation id, so a repeated create (answer lost) takes the policy over instead of duplicating it", async () => {
    const inputs = {
      name: "Lost answer",
      permissions: [{ collection: "posts", action: "read" }],
      __createKey: `p/s/Policy:lost-${live.server.url}`,
    };
    const first = await policy().create(inputs);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await policy().create({ ...inputs, permissions: [{ collection: "posts", action: "update" }] });
    expect(again.id).toBe(first.id);
    const named = await restData<{ id: string }[]>(live.server, "GET", "/policies?filter[name][_eq]=Lost%20answer");
    expect(named.map((p) => p.id)).toEqual([first.id]);
    expect((await permissionsOf(live.server, first.id)).map((row) => row.action)).toEqual(["update"]);
  });

  it("applies permission changes with one batch request per kind of change, rewriting rows it would delete", async () => {
    const before = [
      { collection: "posts", action: "read" },
      { collection: "posts", action: "create" },
      { collection: "analytics", action: "read" },
    ];
    const { id, outs } = await policy().create({ name: "Batch", permissions: before });
    const after = [
      { collection: "posts", action: "read", fields: ["*"] },
      { collection: "posts", action: "update" },
      { collection: "submissions", action: "create" },
      { collection: "submissions", action: "read" },
    ];
    const counts = await countRequests(() => policy().update(id, outs, { name: "Batch", permissions: after }));
    // Two rows go and three come: the two are rewritten in one batch update, the third is created.
    expect(counts.get("PATCH /permissions")).toBe(1);
    expect(counts.get("POST /permissions")).toBe(1);
    expect(counts.get("DELETE /permissions")).toBeUndefined();
    expect(counts.get(`PATCH /policies/${id}`)).toBeUndefined();
    const rows = await permissionsOf(live.server, id);
    expect(rows.map((r) => `${r.collection}:${r.action}`).sort()).toEqual([
      "posts:read",
      "posts:update",
      "submissions:create",
      "submissions:read",
    ]);
  });

  it("moves one permission to another collection with one write, and leaves unchanged policy fields unwritten", async () => {
    const { id, outs } = await policy().create({
      name: "One change",
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "analytics", action: "read" },
      ],
    });
    const [moved] = await permissionsOf(live.server, id).then((rows) =>
      rows.filter((r) => r.collection === "analytics"),
    );
    const counts = await countRequests(() =>
      policy().update(id, outs, {
        name: "One change",
        permissions: [
          { collection: "posts", action: "read" },
          { collection: "submissions", action: "read" },
        ],
      }),
    );
    const writes = [...counts].filter(([request]) => !request.startsWith("GET "));
    expect(writes).toEqual([["PATCH /permissions", 1]]);
    const rows = await permissionsOf(live.server, id);
    expect(rows.map((r) => `${r.collection}:${r.action}`).sort()).toEqual(["posts:read", "submissions:read"]);
    expect(rows.find((r) => r.collection === "submissions")?.id).toBe(moved?.id);
  });

  it("writes only the policy fields that changed", async () => {
    const { id, outs } = await policy().create({ name: "Fields", description: "before", appAccess: false });
    await restData(live.server, "PATCH", `/policies/${id}`, { icon: "lock" });
    const counts = await countRequests(() =>
      policy().update(id, outs, { name: "Fields", description: "after", appAccess: false }),
    );
    expect(counts.get(`PATCH /policies/${id}`)).toBe(1);
    const stored = await restData<{ description: string; icon: string }>(live.server, "GET", `/policies/${id}`);
    // The icon changed outside Pulumi stays: the update sent only the description.
    expect(stored).toMatchObject({ description: "after", icon: "lock" });
  });

  it("detects a permission added in the Studio and removes it on update (the list is authoritative)", async () => {
    const permissions = [{ collection: "posts", action: "read" }];
    const { id, outs } = await policy().create({ name: "Authoritative", permissions });
    await restData(live.server, "POST", "/permissions", {
      policy: id,
      collection: "analytics",
      action: "read",
      fields: ["*"],
    });
    const drifted = await policy().read(id, outs);
    expect(await policy().diff(id, drifted.props ?? {}, { name: "Authoritative", permissions })).toMatchObject({
      changes: true,
    });
    await policy().update(id, drifted.props ?? {}, { name: "Authoritative", permissions });
    expect((await permissionsOf(live.server, id)).map((r) => r.collection)).toEqual(["posts"]);
  });

  it("refuses duplicate collection+action at check", async () => {
    const result = await policy().check({
      name: "Dupes",
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "posts", action: "read", fields: ["title"] },
      ],
    });
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: "permissions[1]",
        reason: expect.stringMatching(/duplicate permission read on 'posts'/),
      }),
    ]);
  });

  it("handles filters whose key order differs, or refuses them at check on Core tier", async () => {
    const filtered = {
      name: "Filtered",
      permissions: [
        {
          collection: "posts",
          action: "read",
          fields: ["title", "status"],
          filter: { status: { _eq: "published" }, title: { _nnull: true } },
        },
      ],
    };
    const rekeyed = {
      name: "Filtered",
      permissions: [
        {
          filter: { title: { _nnull: true }, status: { _eq: "published" } },
          fields: ["status", "title"],
          action: "read",
          collection: "posts",
        },
      ],
    };
    if (await customRulesAllowed(live.server)) {
      const { id, outs } = await policy().create(filtered);
      const [row] = await permissionsOf(live.server, id);
      expect(row?.permissions).toEqual({ status: { _eq: "published" }, title: { _nnull: true } });
      const refreshed = await policy().read(id, outs);
      expect(await policy().diff(id, refreshed.props ?? {}, rekeyed)).toMatchObject({ changes: false });
      expect(await policy().diff(id, outs, rekeyed)).toMatchObject({ changes: false });
    } else {
      const policiesBefore = await restData<unknown[]>(live.server, "GET", "/policies?limit=-1");
      const result = await policy().check(filtered);
      expect(result.failures).toEqual([
        expect.objectContaining({
          property: "permissions[0]",
          reason: expect.stringMatching(/Core tier.*RESOURCE_RESTRICTED.*read on 'posts'.*Fix:/s),
        }),
      ]);
      expect(await restData<unknown[]>(live.server, "GET", "/policies?limit=-1")).toEqual(policiesBefore);
    }
  });

  it("writes the Studio's recommended app rows, which even the Core tier accepts, whatever order the program lists fields in", async () => {
    const ownProfile = ["tfa_secret", "theme_dark_overrides", "theme_light_overrides", "theme_dark", "theme_light"]
      .concat(["appearance", "language", "avatar", "description", "title", "location", "password", "email"])
      .concat(["last_name", "first_name"]);
    const inputs = {
      name: "Studio users",
      appAccess: true,
      permissions: [
        {
          collection: "directus_users",
          action: "update",
          fields: ownProfile,
          filter: { id: { _eq: "$CURRENT_USER" } },
        },
        { collection: "directus_files", action: "delete", filter: { uploaded_by: { _eq: "$CURRENT_USER" } } },
      ],
    };
    expect((await policy().check(inputs)).failures).toEqual([]);
    const { id } = await policy().create(inputs);
    const rows = await permissionsOf(live.server, id);
    // Readable through the API, so the server stores and enforces them, on Core tier as well.
    expect(rows.map((r) => `${r.collection}:${r.action}`).sort()).toEqual([
      "directus_files:delete",
      "directus_users:update",
    ]);
    expect(rows.find((r) => r.collection === "directus_users")?.fields).toEqual([
      "first_name",
      "last_name",
      "email",
      "password",
      "location",
      "title",
      "description",
      "avatar",
      "language",
      "appearance",
      "theme_light",
      "theme_dark",
      "theme_light_overrides",
      "theme_dark_overrides",
      "tfa_secret",
    ]);
    // One field fewer is a custom rule: refused at check on Core tier, stored on a licensed server.
    const custom = { ...inputs, permissions: [{ ...inputs.permissions[0], fields: ownProfile.slice(1) }] };
    const failures = (await policy().check(custom)).failures;
    if (await customRulesAllowed(live.server)) expect(failures).toEqual([]);
    else expect(failures).toEqual([expect.objectContaining({ reason: expect.stringMatching(/DSEC-009/) })]);
  });

  it("replaces nothing on a name change, detects deletion, and reports a PATCH on a deleted policy", async () => {
    const { id, outs } = await policy().create({ name: "Doomed" });
    expect(await policy().diff(id, outs, { name: "Renamed" })).toMatchObject({ changes: true, replaces: [] });
    expect((await rest(live.server, "DELETE", `/policies/${id}`)).status).toBe(204);
    expect(await policy().read(id, outs)).toEqual({});
    await expect(policy().update(id, outs, { name: "Renamed" })).rejects.toThrow(/no longer exists/);
  });
});
