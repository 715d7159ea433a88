import { providerFor } from "../../provider/engine/runtime";
import {
  accessRowsOf,
  BUILT_IN_PUBLIC_POLICY,
  createPolicy,
  customRulesAllowed,
  permissionKeys,
  permissionsOf,
} from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";
import { ensureCollection } from "../helpers/schema";

/** An anonymous request: no Authorization header at all. */
async function anonymous(server: DirectusServer, method: string, path: string, body?: unknown) {
  return rest(server, method, path, body, null);
}

async function anonymousTitles(server: DirectusServer, collection: string): Promise<string[]> {
  const { status, data } = await anonymous(server, "GET", `/items/${collection}?sort=title`);
  if (status !== 200) throw new Error(`anonymous GET /items/${collection} -> ${status}: ${JSON.stringify(data)}`);
  return (data as { title: string }[]).map((item) => item.title);
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function publicLinks(server: DirectusServer, policy: string) {
  return (await accessRowsOf(server, policy)).filter((row) => row.role === null && row.user === null);
}

describe.each(DIRECTUS_VERSIONS)("PublicAccess on Directus %s", (version) => {
  const live = useDirectus(version);
  const publicAccess = () => new ProviderHarness("PublicAccess", live.server);

  beforeAll(async () => {
    await ensureCollection(live.server, "posts", ["title", "status"]);
    await ensureCollection(live.server, "submissions", ["title", "message"]);
    await ensureCollection(live.server, "notes", ["title"]);
    await restData(live.server, "POST", "/items/posts", [
      { title: "Published post", status: "published" },
      { title: "Draft post", status: "draft" },
    ]);
    await restData(live.server, "POST", "/items/notes", { title: "A note" });
  });

  afterEach(async () => {
    // Every test leaves the built-in public policy as a fresh install has it: without permissions.
    expect(await permissionsOf(live.server, BUILT_IN_PUBLIC_POLICY)).toEqual([]);
    expect(await publicLinks(live.server, BUILT_IN_PUBLIC_POLICY)).toHaveLength(1);
  });

  it("lets anonymous requests read published posts (or all posts on Core tier), never create them", async () => {
    expect((await anonymous(live.server, "GET", "/items/posts")).status).toBe(403);
    const published = {
      permissions: [
        {
          collection: "posts",
          action: "read",
          fields: ["title", "status"],
          filter: { status: { _eq: "published" } },
        },
      ],
    };
    let created: { id: string; outs: Record<string, unknown> };
    if (await customRulesAllowed(live.server)) {
      created = await publicAccess().create(published);
      expect(await anonymousTitles(live.server, "posts")).toEqual(["Published post"]);
    } else {
      const refused = await publicAccess().check(published);
      expect(refused.failures).toEqual([
        expect.objectContaining({
          property: "permissions[0]",
          reason: expect.stringMatching(/Core tier.*RESOURCE_RESTRICTED.*read on 'posts'/s),
        }),
      ]);
      expect(await permissionsOf(live.server, BUILT_IN_PUBLIC_POLICY)).toEqual([]);
      // Without a filter, the Core tier can only expose every post, drafts included.
      created = await publicAccess().create({ permissions: [{ collection: "posts", action: "read" }] });
      expect(await anonymousTitles(live.server, "posts")).toEqual(["Draft post", "Published post"]);
    }
    expect(created.id).toBe(`public:${BUILT_IN_PUBLIC_POLICY}`);
    expect(created.outs.createdAccessId).toBeUndefined();
    const attempt = await anonymous(live.server, "POST", "/items/posts", { title: "Spam", status: "published" });
    expect(attempt.status).toBe(403);

    await publicAccess().delete(created.id, created.outs);
    expect((await anonymous(live.server, "GET", "/items/posts")).status).toBe(403);
  });

  it("detects a permission added by hand to the public policy and removes it on update", async () => {
    const desired = { permissions: [{ collection: "posts", action: "read" }] };
    const { id, outs } = await publicAccess().create(desired);
    await restData(live.server, "POST", "/permissions", {
      policy: BUILT_IN_PUBLIC_POLICY,
      collection: "submissions",
      action: "create",
      fields: ["*"],
    });
    // 204: the item is created, but anonymous requests may not read it back.
    expect((await anonymous(live.server, "POST", "/items/submissions", { title: "hand-made grant" })).status).toBe(204);
    const stored = await restData<{ title: string }[]>(live.server, "GET", "/items/submissions?fields=title");
    expect(stored.map((item) => item.title)).toContain("hand-made grant");
    const drifted = await publicAccess().read(id, outs);
    expect(drifted.inputs?.permissions).toEqual([
      expect.objectContaining({ collection: "posts", action: "read" }),
      expect.objectContaining({ collection: "submissions", action: "create" }),
    ]);
    expect(await publicAccess().diff(id, drifted.props ?? {}, desired)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const updated = await publicAccess().update(id, drifted.props ?? {}, desired);
    expect(permissionKeys(await permissionsOf(live.server, BUILT_IN_PUBLIC_POLICY))).toEqual(["posts:read"]);
    expect((await anonymous(live.server, "POST", "/items/submissions", { title: "again" })).status).toBe(403);
    const refreshed = await publicAccess().read(id, updated);
    expect(await publicAccess().diff(id, refreshed.props ?? {}, desired)).toMatchObject({ changes: false });
    await publicAccess().delete(id, updated);
  });

  it("removes on delete only the permissions it declared", async () => {
    const { id, outs } = await publicAccess().create({
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "notes", action: "read" },
      ],
    });
    const byHand = await restData<{ id: number }>(live.server, "POST", "/permissions", {
      policy: BUILT_IN_PUBLIC_POLICY,
      collection: "submissions",
      action: "read",
      fields: ["*"],
    });
    await publicAccess().delete(id, outs);
    expect(permissionKeys(await permissionsOf(live.server, BUILT_IN_PUBLIC_POLICY))).toEqual(["submissions:read"]);
    expect((await anonymous(live.server, "GET", "/items/notes")).status).toBe(403);
    await restData(live.server, "DELETE", `/permissions/${byHand.id}`);
  });

  it("makes another policy public with an access row that delete removes again", async () => {
    const policy = await createPolicy(live.server, "Public notes");
    expect((await anonymous(live.server, "GET", "/items/notes")).status).toBe(403);
    const inputs = { policy, permissions: [{ collection: "notes", action: "read" }] };
    const { id, outs } = await publicAccess().create(inputs);
    const links = await publicLinks(live.server, policy);
    expect(links).toHaveLength(1);
    expect(outs.createdAccessId).toBe(links[0]?.id);
    expect(await anonymousTitles(live.server, "notes")).toEqual(["A note"]);
    expect(await publicAccess().diff(id, outs, { ...inputs, policy: BUILT_IN_PUBLIC_POLICY })).toMatchObject({
      replaces: ["policy"],
    });

    await publicAccess().delete(id, outs);
    expect(await accessRowsOf(live.server, policy)).toEqual([]);
    expect(await permissionsOf(live.server, policy)).toEqual([]);
    expect((await anonymous(live.server, "GET", "/items/notes")).status).toBe(403);
  });

  it("reads as gone when the policy's public link is removed outside Pulumi, and is made public again", async () => {
    const policy = await createPolicy(live.server, "Unpublished by hand");
    const inputs = { policy, permissions: [{ collection: "notes", action: "read" }] };
    const { id, outs } = await publicAccess().create(inputs);
    expect(await anonymousTitles(live.server, "notes")).toEqual(["A note"]);
    expect((await rest(live.server, "DELETE", `/access/${String(outs.createdAccessId)}`)).status).toBe(204);
    expect((await anonymous(live.server, "GET", "/items/notes")).status).toBe(403);
    expect(await publicAccess().read(id, outs)).toEqual({});

    const again = await publicAccess().create(inputs);
    expect(await anonymousTitles(live.server, "notes")).toEqual(["A note"]);
    await publicAccess().delete(again.id, again.outs);
    expect(await accessRowsOf(live.server, policy)).toEqual([]);
  });

  it("leaves the access row of a policy that was public already", async () => {
    const policy = await createPolicy(live.server, "Already public");
    const link = await restData<{ id: string }>(live.server, "POST", "/access", { policy, role: null, user: null });
    const { id, outs } = await publicAccess().create({
      policy,
      permissions: [{ collection: "notes", action: "read" }],
    });
    expect(outs.createdAccessId).toBeUndefined();
    expect((await publicLinks(live.server, policy)).map((row) => row.id)).toEqual([link.id]);
    await publicAccess().delete(id, outs);
    expect((await publicLinks(live.server, policy)).map((row) => row.id)).toEqual([link.id]);
    expect((await anonymous(live.server, "GET", "/items/notes")).status).toBe(403);
  });

  it("drops a resource-level connection from state once the program stops passing it", async () => {
    const desired = { permissions: [{ collection: "notes", action: "read" }] };
    const { id, outs } = await publicAccess().create(desired);
    const stale = { ...outs, connection: { url: "http://127.0.0.1:9", token: "an-old-token" } };
    const saved = { url: process.env.DIRECTUS_URL, token: process.env.DIRECTUS_TOKEN };
    process.env.DIRECTUS_URL = live.server.url;
    process.env.DIRECTUS_TOKEN = live.server.token;
    try {
      const provider = providerFor("PublicAccess");
      const checked = await provider.check({}, desired);
      expect(checked.failures).toEqual([]);
      const { outs: updated } = await provider.update(id, stale, checked.inputs);
      expect(updated).not.toHaveProperty("connection");
      await provider.delete(id, updated ?? {});
    } finally {
      restoreEnv("DIRECTUS_URL", saved.url);
      restoreEnv("DIRECTUS_TOKEN", saved.token);
    }
  });

  it("refuses duplicate collection+action at check", async () => {
    const result = await publicAccess().check({
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
});
