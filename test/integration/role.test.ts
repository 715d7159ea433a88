import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";

describe.each(DIRECTUS_VERSIONS)("Role on Directus %s", (version) => {
  const live = useDirectus(version);
  const role = () => new ProviderHarness("Role", live.server);

  it("creates, updates in place, detects drift and deletion, deletes", async () => {
    const { id, outs } = await role().create({ name: "Editors", description: "Edit things" });
    expect(await restData(live.server, "GET", `/roles/${id}`)).toMatchObject({
      name: "Editors",
      description: "Edit things",
      icon: "supervised_user_circle",
    });

    expect(await role().diff(id, outs, { name: "Editors", description: "Edit things" })).toMatchObject({
      changes: false,
    });
    const renamed = { name: "Editors 2", description: "Edit things" };
    expect(await role().diff(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await role().update(id, outs, renamed);
    expect((await restData<{ name: string }>(live.server, "GET", `/roles/${id}`)).name).toBe("Editors 2");

    await restData(live.server, "PATCH", `/roles/${id}`, { description: "changed in the Studio" });
    const drifted = await role().read(id, updated);
    expect(drifted.inputs).toMatchObject({ description: "changed in the Studio" });
    expect(await role().diff(id, drifted.props ?? {}, renamed)).toMatchObject({ changes: true });

    await role().delete(id, updated);
    expect((await rest(live.server, "GET", `/roles/${id}`)).status).toBe(403);
    expect(await role().read(id, updated)).toEqual({});
  });

  it("turns the 204 of a PATCH on a deleted role into an error instead of silent success", async () => {
    const { id, outs } = await role().create({ name: "Short-lived" });
    expect((await rest(live.server, "DELETE", `/roles/${id}`)).status).toBe(204);
    expect((await rest(live.server, "PATCH", `/roles/${id}`, { name: "x" })).status).toBe(204);
    await expect(role().update(id, outs, { name: "Renamed" })).rejects.toThrow(/no longer exists.*pulumi refresh/s);
  });

  it("adopts an existing role by id instead of creating one", async () => {
    const existing = await restData<{ id: string }>(live.server, "POST", "/roles", { name: "Made by hand" });
    const { id, outs } = await role().create({ name: "Now managed", adoptId: existing.id });
    expect(id).toBe(existing.id);
    expect((await restData<{ name: string }>(live.server, "GET", `/roles/${id}`)).name).toBe("Now managed");
    // It existed before the stack: delete leaves it in place.
    await role().delete(id, outs);
    expect((await restData<{ name: string }>(live.server, "GET", `/roles/${id}`)).name).toBe("Now managed");
    await expect(role().create({ name: "x", adoptId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /no such role/,
    );
  });

  it("refuses invalid input at check, naming the property", async () => {
    const result = await role().check({ name: "", parent: "not-a-uuid", colour: "red" });
    expect(result.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: "name", reason: expect.stringMatching(/must not be empty/) }),
      ]),
    );
    const properties = (result.failures ?? []).map((f) => f.property);
    expect(properties).toEqual(expect.arrayContaining(["name", "parent"]));
  });

  it("names the resource and the Directus error code when Directus refuses", async () => {
    const parent = await role().create({ name: "Parent" });
    const child = await role().create({ name: "Child", parent: parent.id });
    // A cycle (parent under its own child) is refused by Directus.
    await expect(role().update(parent.id, parent.outs, { name: "Parent", parent: child.id })).rejects.toThrow(
      /directus:Role .*update.*Directus answered \d{3} [A-Z_]+/,
    );
  });
});
