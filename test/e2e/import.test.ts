/**
 * `pulumi-directus import` round trip: an instance configured by hand becomes a standalone Pulumi
 * project that `npm install` + `pulumi up` (the real CLI) take under management without changing it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { directusCli, packPackage, runCommand } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { type PlantedInstance, plantOrdinaryInstance } from "../helpers/planted";
import { restData } from "../helpers/rest";
import { accessControlSnapshot } from "../helpers/snapshot";
import { TestStack } from "../helpers/stack";

let tarball: string;

beforeAll(async () => {
  tarball = await packPackage();
});
afterAll(() => {
  if (tarball) rmSync(path.dirname(tarball), { recursive: true, force: true });
});

/** The rows that differ between two snapshots, per table, by id. */
function changedRows(before: string, after: string): Record<string, unknown[]> {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const changed: Record<string, unknown[]> = {};
  for (const table of Object.keys(b)) {
    const rows = (value: unknown) =>
      new Map((Array.isArray(value) ? value : [value]).map((row: { id?: unknown }) => [String(row?.id), row]));
    const old = rows(a[table]);
    const now = rows(b[table]);
    const ids = new Set([...old.keys(), ...now.keys()]);
    const diff = [...ids].filter((id) => JSON.stringify(old.get(id)) !== JSON.stringify(now.get(id)));
    if (diff.length > 0) changed[table] = diff.map((id) => ({ before: old.get(id), after: now.get(id) }));
  }
  return changed;
}

describe.each(DIRECTUS_VERSIONS)("import round trip on Directus %s", (version) => {
  const live = useDirectus(version);
  const out = mkdtempSync(path.join(tmpdir(), "pulumi-directus-imported-"));
  const project = path.join(out, "directus-imported");
  let planted: PlantedInstance;
  let stack: TestStack;
  let before: string;

  beforeAll(async () => {
    planted = await plantOrdinaryInstance(live.server);
    before = await accessControlSnapshot(live.server);
  });
  afterAll(() => {
    stack?.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it("writes a formatted standalone project that adopts every object", async () => {
    const run = await directusCli(live.server, ["import", "--out", project, "--package-spec", `file:${tarball}`]);
    expect(run.stderr).toContain("reading permissions ...");
    expect(run.code).toBe(0);
    const index = readFileSync(path.join(project, "index.ts"), "utf8");
    for (const id of [...Object.values(planted.roles), ...Object.values(planted.policies), planted.users.service]) {
      expect(index).toContain(`adoptId: "${id}"`);
    }
    // References between resources, not raw ids; people are referred to by id and never managed.
    expect(index).toMatch(/parent: staffRole\.id/);
    expect(index).toMatch(/policy: editingPolicy\.id,\s*role: editorsRole\.id/);
    expect(index).toContain(`user: "${planted.users.person}" /* reader@example.com */`);
    expect(index).not.toContain('reader@example.com",');
    expect(index).toContain('new directus.ServiceAccount("website"');
    expect(index).toContain('new directus.PublicAccess("public"');
    // The fresh instance's admin policy has no 2FA: acknowledged, visibly, so importing changes nothing.
    expect(index).toContain('rule: "DSEC-005"');
    // No secret is written: neither the admin's nor the service account's token.
    expect(index).not.toContain(live.server.token);
    expect(index).not.toContain("planted-service-token");
    // Formatted by prettier (its own CLI checks the file).
    const prettier = path.join(REPO_ROOT, "node_modules", "prettier", "bin", "prettier.cjs");
    const check = await runCommand(process.execPath, [prettier, "--check", "--print-width", "100", "index.ts"], {
      cwd: project,
    });
    expect(check).toMatchObject({ code: 0 });
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json", "README.md"]) {
      expect(readFileSync(path.join(project, file), "utf8").length).toBeGreaterThan(0);
    }
    // Same instance, same file.
    const again = path.join(out, "again");
    expect(
      (await directusCli(live.server, ["import", "--quiet", "--out", again, "--name", "directus-imported"])).code,
    ).toBe(0);
    expect(readFileSync(path.join(again, "index.ts"), "utf8")).toBe(index);
  });

  it("npm install + pulumi up take it over with no change to the instance, then preview is clean", async () => {
    const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
    });
    expect(install).toMatchObject({ code: 0 });
    // pulumi skips the type check (noCheck); the project's own script runs it, and it passes.
    expect(JSON.parse(readFileSync(path.join(project, "tsconfig.json"), "utf8")).compilerOptions.noCheck).toBe(true);
    expect(await runCommand("npm", ["run", "--silent", "typecheck"], { cwd: project })).toMatchObject({ code: 0 });
    const wrong = path.join(project, "wrong.ts");
    writeFileSync(wrong, 'export const n: number = "not a number";\n');
    const refused = await runCommand("npm", ["run", "--silent", "typecheck"], { cwd: project });
    rmSync(wrong);
    expect(refused.code).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain("TS2322");
    stack = new TestStack("imported", live.server, {}, project);
    const up = await stack.ok("up");
    // Every resource is new to the stack (adopted), nothing is updated, replaced or deleted.
    expect(Object.keys(up.summary ?? {}).sort()).toEqual(["create"]);
    expect(await accessControlSnapshot(live.server)).toBe(before);
    expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
    expect(stack.rawState()).not.toContain(live.server.token);
  });

  it("editing one permission in the program changes exactly that row; destroy leaves the adopted objects", async () => {
    const indexFile = path.join(project, "index.ts");
    const index = readFileSync(indexFile, "utf8");
    const block = /new directus\.Policy\("reporting", \{[\s\S]*?\n\}\);/.exec(index)?.[0] ?? "";
    expect(block).toContain('fields: ["*"]');
    const edited = planted.customRules
      ? block.replace('fields: ["*"]', 'fields: ["title"]')
      : block.replace(/permissions: \[[\s\S]*?\],/, "permissions: [],");
    writeFileSync(indexFile, index.replace(block, edited));
    const beforeEdit = await accessControlSnapshot(live.server);
    const up = await stack.ok("up");
    expect(up.summary).toMatchObject({ update: 1 });
    const changed = changedRows(beforeEdit, await accessControlSnapshot(live.server));
    // Deleting a row also shortens its policy's list of permission ids (an alias field of the policy row).
    expect(Object.keys(changed).sort()).toEqual(planted.customRules ? ["permissions"] : ["permissions", "policies"]);
    if (!planted.customRules) {
      const [policy] = changed.policies as { before: Record<string, unknown>; after: Record<string, unknown> }[];
      expect(policy?.before.id).toBe(planted.policies.reporting);
      const keys = Object.keys(policy?.after ?? {}).filter(
        (key) => JSON.stringify(policy?.before[key]) !== JSON.stringify(policy?.after[key]),
      );
      expect(keys).toEqual(["permissions"]);
    }
    expect(changed.permissions).toHaveLength(1);
    const [row] = changed.permissions as { before: { id: number; policy: string }; after?: { fields: string[] } }[];
    expect(row?.before.policy).toBe(planted.policies.reporting);
    if (planted.customRules) expect(row?.after?.fields).toEqual(["title"]);
    else expect(row?.after).toBeUndefined();

    const afterEdit = await accessControlSnapshot(live.server);
    await stack.ok("destroy");
    expect(await accessControlSnapshot(live.server)).toBe(afterEdit);
    const roles = await restData<{ id: string }[]>(live.server, "GET", "/roles?limit=-1");
    expect(roles.map((r) => r.id)).toEqual(expect.arrayContaining(Object.values(planted.roles)));
  });

  it("a hand-written program adopting with fewer fields changes only those, and preview says what changes", async () => {
    const indexFile = path.join(project, "index.ts");
    const original = readFileSync(indexFile, "utf8");
    const link = (
      await restData<{ id: string }[]>(live.server, "GET", `/access?filter[role][_eq]=${planted.roles.editors}`)
    )[0]?.id;
    writeFileSync(
      indexFile,
      `import * as directus from "pulumi-directus";
new directus.Policy("editing", { adoptId: "${planted.policies.editing}", name: "Editing", description: "Changed in code" });
new directus.PolicyAttachment("editors-editing", { adoptId: "${link}", policy: "${planted.policies.editing}", role: "${planted.roles.editors}" });
new directus.PublicAccess("public", {
  permissions: [{ collection: "articles", action: "read" }, { collection: "articles", action: "share" }],
  acknowledge: [{ rule: "DSEC-001", reason: "Sharing links for articles are meant to be public." }],
});
`,
    );
    const hand = new TestStack("hand-written", live.server, {}, project);
    try {
      // An adoptId that names another link is refused at preview, naming the property and the fix.
      const good = readFileSync(indexFile, "utf8");
      writeFileSync(indexFile, good.replace(`role: "${planted.roles.editors}"`, `role: "${planted.roles.staff}"`));
      const untouched = await accessControlSnapshot(live.server);
      const refused = await hand.run("up", ["--skip-preview"]);
      expect(refused.code).not.toBe(0);
      const refusal = refused.output.replace(/\s+/g, " ");
      expect(refusal).toContain(
        `PolicyAttachment resource 'editors-editing': property adoptId: adoptId ${link} links policy`,
      );
      expect(refusal).toContain("fix policy/role/user, or the adoptId");
      expect(await accessControlSnapshot(live.server)).toBe(untouched);
      writeFileSync(indexFile, good);

      const before = await restData<Record<string, unknown>>(
        live.server,
        "GET",
        `/policies/${planted.policies.editing}`,
      );
      const preview = await hand.run("preview");
      expect(preview).toMatchObject({ code: 0 });
      const oneLine = preview.output.replace(/\s+/g, " ");
      expect(oneLine).toContain('description: "Write articles" → "Changed in code"');
      expect(oneLine).toContain("permissions: add share on 'articles'");
      await hand.ok("up");
      const after = await restData<Record<string, unknown>>(
        live.server,
        "GET",
        `/policies/${planted.policies.editing}`,
      );
      // Only the field the program mentions changed; icon, app access, 2FA and IP rules were not touched.
      expect(after).toEqual({ ...before, description: "Changed in code" });
      expect((await hand.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
      await hand.ok("destroy");
      // The adopted link stays; of the public permissions, the one that existed before the stack stays too.
      expect(await restData<unknown[]>(live.server, "GET", `/access?filter[id][_eq]=${link}`)).toHaveLength(1);
      const publicRows = await restData<{ action: string }[]>(
        live.server,
        "GET",
        "/permissions?filter[policy][_eq]=abf8a154-5b1c-4a46-ac9c-7300570f4f17&limit=-1",
      );
      expect(publicRows.map((row) => row.action)).toEqual(["read"]);
    } finally {
      hand.dispose();
      writeFileSync(indexFile, original);
    }
  });
});
