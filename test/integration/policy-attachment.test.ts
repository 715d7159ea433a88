import { type AccessRow, accessRowsOf, createPolicy, createRole, createUser } from "../helpers/access-control";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";

const EXACTLY_ONE = /set exactly one of 'role' and 'user'/;

describe.each(DIRECTUS_VERSIONS)("PolicyAttachment on Directus %s", (version) => {
  const live = useDirectus(version);
  const attachment = () => new ProviderHarness("PolicyAttachment", live.server);

  it("links a policy to a role, updates sort in place, and unlinks on delete", async () => {
    const policy = await createPolicy(live.server, "Editors policy");
    const role = await createRole(live.server, "Editors");
    const inputs = { policy, role };
    const { id, outs } = await attachment().create(inputs);
    expect(await accessRowsOf(live.server, policy)).toEqual([
      expect.objectContaining({ id, policy, role, user: null, sort: null }),
    ]);
    const rolePolicies = await restData<{ policies: string[] }>(live.server, "GET", `/roles/${role}?fields=policies`);
    expect(rolePolicies.policies).toEqual([id]);
    expect(await attachment().diff(id, outs, inputs)).toMatchObject({ changes: false });

    const sorted = { ...inputs, sort: 3 };
    expect(await attachment().diff(id, outs, sorted)).toMatchObject({ changes: true, replaces: [] });
    const updated = await attachment().update(id, outs, sorted);
    expect(await restData<AccessRow>(live.server, "GET", `/access/${id}`)).toMatchObject({ id, sort: 3 });
    const refreshed = await attachment().read(id, updated);
    expect(refreshed.props).toMatchObject({ policy, role, sort: 3, connection: expect.anything() });
    expect(await attachment().diff(id, refreshed.props ?? {}, sorted)).toMatchObject({ changes: false });

    await attachment().delete(id, updated);
    expect(await accessRowsOf(live.server, policy)).toEqual([]);
    expect(await attachment().read(id, updated)).toEqual({});
  });

  it("links a policy to a user", async () => {
    const policy = await createPolicy(live.server, "Personal policy");
    const user = await createUser(live.server, "linked.user@example.com");
    const { id, outs } = await attachment().create({ policy, user });
    expect(await accessRowsOf(live.server, policy)).toEqual([
      expect.objectContaining({ id, policy, role: null, user }),
    ]);
    const userPolicies = await restData<{ policies: string[] }>(live.server, "GET", `/users/${user}?fields=policies`);
    expect(userPolicies.policies).toEqual([id]);
    expect((await attachment().read(id, outs)).props).toMatchObject({
      policy,
      user,
      sort: null,
      connection: expect.anything(),
    });
    await attachment().delete(id, outs);
    expect(await accessRowsOf(live.server, policy)).toEqual([]);
  });

  it("replaces the link when the policy, role or user changes", async () => {
    const policy = await createPolicy(live.server, "Replace policy");
    const other = await createPolicy(live.server, "Replace other");
    const role = await createRole(live.server, "Replace role");
    const otherRole = await createRole(live.server, "Replace other role");
    const user = await createUser(live.server, "replace.user@example.com");
    const { id, outs } = await attachment().create({ policy, role });
    expect(await attachment().diff(id, outs, { policy: other, role })).toMatchObject({ replaces: ["policy"] });
    expect(await attachment().diff(id, outs, { policy, role: otherRole })).toMatchObject({ replaces: ["role"] });
    expect(await attachment().diff(id, outs, { policy, user })).toMatchObject({
      changes: true,
      replaces: expect.arrayContaining(["role", "user"]),
    });
  });

  it("refuses at check a link with neither or both of role and user, naming the property", async () => {
    const policy = await createPolicy(live.server, "Check policy");
    const role = await createRole(live.server, "Check role");
    const user = await createUser(live.server, "check.user@example.com");
    for (const inputs of [{ policy }, { policy, role, user }]) {
      const result = await attachment().check(inputs);
      expect(result.failures).toEqual([
        expect.objectContaining({ property: "role", reason: expect.stringMatching(EXACTLY_ONE) }),
      ]);
    }
    const neither = await attachment().check({ policy });
    expect(neither.failures?.[0]?.reason).toMatch(/use PublicAccess/);
    const badRole = await attachment().check({ policy, role: "not-a-uuid" });
    expect(badRole.failures).toEqual([
      expect.objectContaining({ property: "role", reason: expect.stringMatching(/UUID of the role/) }),
    ]);
    expect(await accessRowsOf(live.server, policy)).toEqual([]);
  });

  it("deletes only its own link: a link made by hand for the same role survives", async () => {
    const policy = await createPolicy(live.server, "Shared policy");
    const role = await createRole(live.server, "Shared role");
    const { id, outs } = await attachment().create({ policy, role });
    const byHand = await restData<AccessRow>(live.server, "POST", "/access", { policy, role });
    expect(byHand.id).not.toBe(id);
    await attachment().delete(id, outs);
    expect(await accessRowsOf(live.server, policy)).toEqual([
      expect.objectContaining({ id: byHand.id, policy, role, user: null }),
    ]);
  });

  it("detects deletion outside Pulumi and reports an update of the deleted link", async () => {
    const policy = await createPolicy(live.server, "Gone policy");
    const role = await createRole(live.server, "Gone role");
    const { id, outs } = await attachment().create({ policy, role });
    expect((await rest(live.server, "DELETE", `/access/${id}`)).status).toBe(204);
    expect(await attachment().read(id, outs)).toEqual({});
    await expect(attachment().update(id, outs, { policy, role, sort: 2 })).rejects.toThrow(
      /no longer exists.*pulumi refresh/s,
    );
    await attachment().delete(id, outs);
  });
});
