import { createPolicy, customRulesAllowed, permissionsOf } from "../helpers/access-control";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";
import { ensureCollection } from "../helpers/schema";

describe.each(DIRECTUS_VERSIONS)("Permission on Directus %s", (version) => {
  const live = useDirectus(version);
  const permission = () => new ProviderHarness("Permission", live.server);

  beforeAll(async () => {
    await ensureCollection(live.server, "posts", ["title", "status", "body"]);
    await ensureCollection(live.server, "submissions", ["email", "message"]);
  });

  it("creates a row granting all fields, and re-reading it is no diff", async () => {
    const policy = await createPolicy(live.server, "Readers");
    const inputs = { policy, collection: "posts", action: "read" };
    const { id, outs } = await permission().create(inputs);
    const rows = await permissionsOf(live.server, policy);
    expect(rows).toEqual([
      expect.objectContaining({
        id: Number(id),
        collection: "posts",
        action: "read",
        fields: ["*"],
        permissions: null,
      }),
    ]);
    expect(await permission().diff(id, outs, inputs)).toMatchObject({ changes: false });
    const refreshed = await permission().read(id, outs);
    // Nothing changed: no inputs (the engine keeps the recorded ones); the state read back is in props.
    expect(refreshed.inputs).toBeUndefined();
    expect(refreshed.props).toMatchObject({
      policy,
      collection: "posts",
      action: "read",
      fields: ["*"],
      filter: null,
    });
    expect(await permission().diff(id, refreshed.props ?? {}, inputs)).toMatchObject({ changes: false });
  });

  it("puts a row changed in the Studio back in place, keeping its id", async () => {
    const policy = await createPolicy(live.server, "Drifting");
    const inputs = { policy, collection: "posts", action: "read" };
    const { id, outs } = await permission().create(inputs);
    // "*" plus a field name is not a custom rule for Directus, so even the Core tier accepts it.
    await restData(live.server, "PATCH", `/permissions/${id}`, { fields: ["*", "title"] });
    const drifted = await permission().read(id, outs);
    expect(drifted.inputs).toMatchObject({ fields: ["*", "title"] });
    expect(await permission().diff(id, drifted.props ?? {}, inputs)).toMatchObject({ changes: true, replaces: [] });
    await permission().update(id, drifted.props ?? {}, inputs);
    const rows = await permissionsOf(live.server, policy);
    expect(rows.map((row) => [row.id, row.fields])).toEqual([[Number(id), ["*"]]]);
  });

  it("replaces on a change of policy, collection or action, and updates the rest in place", async () => {
    const policy = await createPolicy(live.server, "Keys");
    const other = await createPolicy(live.server, "Other");
    const inputs = { policy, collection: "posts", action: "read" };
    const { id, outs } = await permission().create(inputs);
    expect(await permission().diff(id, outs, { ...inputs, policy: other })).toMatchObject({ replaces: ["policy"] });
    expect(await permission().diff(id, outs, { ...inputs, collection: "submissions" })).toMatchObject({
      replaces: ["collection"],
    });
    expect(await permission().diff(id, outs, { ...inputs, action: "update" })).toMatchObject({ replaces: ["action"] });
    if (await customRulesAllowed(live.server)) {
      const narrowed = { ...inputs, fields: ["title", "status"], filter: { status: { _eq: "published" } } };
      expect(await permission().diff(id, outs, narrowed)).toMatchObject({ changes: true, replaces: [] });
      await permission().update(id, outs, narrowed);
      const [row] = await permissionsOf(live.server, policy);
      expect(row).toMatchObject({ id: Number(id), permissions: { status: { _eq: "published" } } });
      expect([...(row?.fields ?? [])].sort()).toEqual(["status", "title"]);
    }
  });

  it("refuses to create a second row for the same collection and action, naming adoptId", async () => {
    const policy = await createPolicy(live.server, "Clash");
    const existing = await restData<{ id: number }>(live.server, "POST", "/permissions", {
      policy,
      collection: "submissions",
      action: "create",
      fields: ["*"],
    });
    await expect(permission().create({ policy, collection: "submissions", action: "create" })).rejects.toThrow(
      new RegExp(`already has a create permission on 'submissions' \\(id ${existing.id}\\).*adoptId: ${existing.id}`),
    );
    expect((await permissionsOf(live.server, policy)).map((row) => row.id)).toEqual([existing.id]);
  });

  it("takes over the row its own earlier create left behind (answer lost), found by its marker", async () => {
    const policy = await createPolicy(live.server, "Lost answer");
    const inputs = { policy, collection: "submissions", action: "read", __createKey: `p/s/Permission:lost-${policy}` };
    const first = await permission().create(inputs);
    // The engine never saw the first answer and creates again: no second row, the same id.
    const again = await permission().create(inputs);
    expect(again.id).toBe(first.id);
    expect((await permissionsOf(live.server, policy)).map((row) => row.id)).toEqual([Number(first.id)]);
    // Another resource (another key) for the same collection and action is still refused.
    await expect(permission().create({ ...inputs, __createKey: "p/s/Permission:other" })).rejects.toThrow(
      /already has a read permission on 'submissions'/,
    );
  });

  it("adopts an existing row by id instead of creating one", async () => {
    const policy = await createPolicy(live.server, "Adopt");
    const existing = await restData<{ id: number }>(live.server, "POST", "/permissions", {
      policy,
      collection: "posts",
      action: "update",
      fields: ["*", "title"],
    });
    const inputs = { policy, collection: "posts", action: "update", adoptId: existing.id };
    const { id, outs } = await permission().create(inputs);
    expect(id).toBe(String(existing.id));
    expect((await permissionsOf(live.server, policy)).map((row) => [row.id, row.fields])).toEqual([
      [existing.id, ["*"]],
    ]);
    const refreshed = await permission().read(id, outs);
    expect(await permission().diff(id, refreshed.props ?? {}, inputs)).toMatchObject({ changes: false });
    // A wrong id for a key that already has a row: the clash message names the right id.
    await expect(permission().create({ ...inputs, adoptId: existing.id + 1000 })).rejects.toThrow(
      new RegExp(`Set adoptId: ${existing.id} to manage it`),
    );
    await expect(
      permission().create({ policy, collection: "submissions", action: "read", adoptId: existing.id + 1000 }),
    ).rejects.toThrow(new RegExp(`adoptId ${existing.id + 1000}: policy ${policy} has no such permission`));
  });

  it("detects deletion outside Pulumi, reports an update of the deleted row, and deletes", async () => {
    const policy = await createPolicy(live.server, "Deletion");
    const inputs = { policy, collection: "submissions", action: "read" };
    const { id, outs } = await permission().create(inputs);
    expect((await rest(live.server, "DELETE", `/permissions/${id}`)).status).toBe(204);
    expect(await permission().read(id, outs)).toEqual({});
    await expect(permission().update(id, outs, inputs)).rejects.toThrow(/no longer exists.*pulumi refresh/s);

    const again = await permission().create(inputs);
    await permission().delete(again.id, again.outs);
    expect(await permissionsOf(live.server, policy)).toEqual([]);
    expect(await permission().read(again.id, again.outs)).toEqual({});
    // A destroy without refresh deletes a row that is already gone: that must not fail.
    await permission().delete(again.id, again.outs);
  });

  it("applies filters and field lists where custom rules are allowed, and refuses them at check on Core tier", async () => {
    const policy = await createPolicy(live.server, "Rules");
    const filtered = { policy, collection: "posts", action: "read", filter: { status: { _eq: "published" } } };
    const fieldList = { policy, collection: "posts", action: "read", fields: ["title"] };
    if (await customRulesAllowed(live.server)) {
      const { id, outs } = await permission().create(filtered);
      expect(await permissionsOf(live.server, policy)).toEqual([
        expect.objectContaining({ id: Number(id), permissions: { status: { _eq: "published" } } }),
      ]);
      const refreshed = await permission().read(id, outs);
      expect(await permission().diff(id, refreshed.props ?? {}, filtered)).toMatchObject({ changes: false });
      await permission().update(id, refreshed.props ?? {}, { ...fieldList });
      expect(await permissionsOf(live.server, policy)).toEqual([
        expect.objectContaining({ id: Number(id), fields: ["title"], permissions: null }),
      ]);
    } else {
      for (const inputs of [filtered, fieldList]) {
        const result = await permission().check(inputs);
        expect(result.failures).toEqual([
          expect.objectContaining({
            property: "(permission)",
            reason: expect.stringMatching(/Core tier.*RESOURCE_RESTRICTED.*read on 'posts'.*Fix:/s),
          }),
        ]);
      }
      const plain = await permission().check({ policy, collection: "posts", action: "read" });
      expect(plain.failures).toEqual([]);
      expect(await permissionsOf(live.server, policy)).toEqual([]);
    }
  });
});
