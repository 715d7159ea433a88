import { readFileSync } from "node:fs";
import { REPO_ROOT } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";
import { TestStack } from "../helpers/stack";

interface RoleRow {
  id: string;
  name: string;
  icon: string;
  description: string | null;
}

describe.each(DIRECTUS_VERSIONS)("rig smoke test: a Role through the real pulumi engine on Directus %s", (version) => {
  const live = useDirectus(version);
  let stack: TestStack;

  beforeAll(() => {
    stack = new TestStack("examples/smoke", live.server, { "directus-smoke:roleName": "Smoke Editors" });
  });
  afterAll(() => stack?.dispose());

  it("reports the versions under test", async () => {
    const info = await restData<{ version: string }>(live.server, "GET", "/server/info");
    expect(info.version).toBe(version);
    process.stdout.write(`Directus ${info.version} at ${live.server.url}\n`);
  });

  it("up creates the role, preview shows no changes, refresh sees drift and deletion, destroy removes it", async () => {
    const up = await stack.ok("up");
    const roleId = (up.outputs as { roleId: string }).roleId;
    const created = await restData<RoleRow>(live.server, "GET", `/roles/${roleId}`);
    expect(created).toMatchObject({ name: "Smoke Editors", icon: "edit" });

    const preview = await stack.ok("preview", ["--expect-no-changes"]);
    expect(preview.changes).toBe(0);

    await restData(live.server, "PATCH", `/roles/${roleId}`, { name: "Renamed in the Studio" });
    // A plain preview compares the program with the state, not with the server: drift is not shown...
    expect((await stack.ok("preview")).changes).toBe(0);
    // ...`preview --refresh` reads the server first and shows it, without changing the state.
    expect((await stack.ok("preview", ["--refresh"])).summary).toMatchObject({ update: 1 });
    const refresh = await stack.ok("refresh");
    expect(refresh.changes).toBe(1);
    const afterRefresh = await stack.ok("preview");
    expect(afterRefresh.changes).toBe(1);

    const repaired = await stack.ok("up");
    expect(repaired.changes).toBe(1);
    expect((await restData<RoleRow>(live.server, "GET", `/roles/${roleId}`)).name).toBe("Smoke Editors");

    const state = stack.rawState();
    expect(state).toContain(roleId);
    expect(state).not.toContain(live.server.token);

    await stack.ok("destroy");
    expect((await rest(live.server, "GET", `/roles/${roleId}`)).status).toBe(403);
    const remaining = await restData<RoleRow[]>(live.server, "GET", `/roles?filter[id][_eq]=${roleId}`);
    expect(remaining).toHaveLength(0);
  });

  it("a refresh that finds nothing changed records the inputs exactly as the program sends them", async () => {
    await stack.ok("up");
    // The engine rewrites the whole state file for each resource whose recorded inputs differ, so a
    // refresh that altered them (even a key the program adds) would slow every later operation.
    const recordedInputs = async () =>
      (await stack.cli.exportedResources()).filter((r) => r.type.includes(":dynamic/directus:")).map((r) => r.inputs);
    const before = await recordedInputs();
    expect(before).toHaveLength(1);
    expect((await stack.ok("refresh")).changes).toBe(0);
    expect(await recordedInputs()).toEqual(before);
    await stack.ok("destroy");
  });

  it("refresh drops a role deleted out of band, and the next up recreates it", async () => {
    const up = await stack.ok("up");
    const roleId = (up.outputs as { roleId: string }).roleId;
    expect((await rest(live.server, "DELETE", `/roles/${roleId}`)).status).toBe(204);

    const refresh = await stack.ok("refresh");
    expect(refresh.summary).toMatchObject({ delete: 1 });
    expect(await restData(live.server, "GET", `/roles?filter[id][_eq]=${roleId}`)).toEqual([]);
    const recreated = await stack.ok("up");
    expect(recreated.summary).toMatchObject({ create: 1 });
    // Created again under the resource's creation id (the same one: the stack, the name and the inputs are).
    expect((recreated.outputs as { roleId: string }).roleId).toBe(roleId);
    expect((await restData<RoleRow>(live.server, "GET", `/roles/${roleId}`)).name).toBe("Smoke Editors");
    await stack.ok("destroy");
  });
});

describe("the test rig", () => {
  const live = useDirectus(DIRECTUS_VERSIONS[0] ?? "11.17.4");

  it("runs examples/website from the repository root's Pulumi.yaml with the pulumi binary", async () => {
    const stack = new TestStack(".", live.server, {}, REPO_ROOT);
    try {
      const preview = await stack.run("preview");
      if (preview.code !== 0) throw new Error(`preview at the repository root failed:\n${preview.output}`);
      expect(preview.output).toContain("pulumi-nodejs:dynamic/directus:Policy administrator");
      expect(preview.result?.summary?.create).toBe(14);
    } finally {
      stack.dispose();
    }
  });

  it("binds test servers to 127.0.0.1 only", async () => {
    const port = Number(new URL(live.server.url).port);
    expect(new URL(live.server.url).hostname).toBe("127.0.0.1");
    // The kernel's socket tables list every listening socket with its bound address; no traffic needed.
    const listeners = listeningAddresses(port);
    expect(listeners).toEqual(["127.0.0.1"]);
  });
});

/** Local addresses of sockets in LISTEN state on `port`, from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const addresses: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || !local?.endsWith(`:${hexPort}`)) continue;
      const hex = local.slice(0, local.indexOf(":"));
      addresses.push(
        hex.length === 8
          ? (hex.match(/../g) ?? [])
              .reverse()
              .map((b) => Number.parseInt(b, 16))
              .join(".")
          : `ipv6:${hex}`,
      );
    }
  }
  return addresses;
}
