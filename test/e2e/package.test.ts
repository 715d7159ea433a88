/**
 * The package as users get it: `npm pack`, installed from the tarball into a fresh project outside the
 * repository next to its own @pulumi/pulumi, type-checked with a stock Pulumi TypeScript tsconfig
 * (strict, skipLibCheck off), then run with `pulumi up` / `up` again / `destroy` against live servers.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";
import { ensureCollection } from "../helpers/schema";
import { TestStack } from "../helpers/stack";

const run = promisify(execFile);
const rootPackage = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** The tsconfig.json of Pulumi's own TypeScript project template. */
const STOCK_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A program that uses every resource and the lookup helper. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import {
  findPolicyIds,
  Permission,
  Policy,
  PolicyAttachment,
  PublicAccess,
  Role,
  SecuritySettings,
  ServiceAccount,
} from "pulumi-directus";

const stack = pulumi.getStack();
const editors = new Role("editors", { name: "Editors", icon: "edit" });
const editing = new Policy("editing", {
  name: "Editing",
  appAccess: true,
  enforceTfa: true,
  permissions: [{ collection: "posts", action: "read" }],
});
new PolicyAttachment("editors-editing", { policy: editing.id, role: editors.id });
const reporting = new Policy("reporting", { name: "Reporting" });
new Permission("reporting-read-posts", { policy: reporting.id, collection: "posts", action: "read" });
new PublicAccess("public", { permissions: [{ collection: "posts", action: "read" }] });
const apiRole = new Role("api", { name: "API" });
new PolicyAttachment("api-reporting", { policy: reporting.id, role: apiRole.id });
const api = new ServiceAccount("api", { email: \`api@\${stack}.example.com\`, role: apiRole.id });
new SecuritySettings("security", { projectName: \`User project (\${stack})\`, passwordPolicy: "strong", loginAttempts: 5 });

export const adminPolicies = findPolicyIds({ adminAccess: true });
export const roleId = editors.id;
export const policyId = editing.id;
export const apiUserId = api.id;
export const apiToken = api.token;
`;

describe("the packed package in a user's project", () => {
  const project = mkdtempSync(path.join(tmpdir(), "pulumi-directus-user-project-"));

  beforeAll(async () => {
    const packed = await run("npm", ["pack", "--pack-destination", project, "--loglevel=error"], { cwd: REPO_ROOT });
    const tarball = packed.stdout.trim().split("\n").at(-1) ?? "";
    writeFileSync(
      path.join(project, "Pulumi.yaml"),
      "name: user-project\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
    );
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", main: "index.ts" }));
    writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(STOCK_TSCONFIG, null, 2));
    writeFileSync(path.join(project, "index.ts"), PROGRAM);
    const dev = rootPackage.devDependencies;
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `./${tarball}`,
        `@pulumi/pulumi@${dev["@pulumi/pulumi"]}`,
        `typescript@${dev.typescript}`,
        "ts-node@10.9.2",
        `@types/node@${dev["@types/node"]}`,
      ],
      { cwd: project },
    );
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("ships a licence, a changelog and no script that points at unpublished files", () => {
    const installed = path.join(project, "node_modules", "pulumi-directus");
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as {
      version: string;
      scripts?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    expect(manifest.version).toBe(rootPackage.version);
    expect(readFileSync(path.join(installed, "LICENSE"), "utf8")).toContain("Apache License");
    expect(readFileSync(path.join(installed, "CHANGELOG.md"), "utf8")).toContain("## [Unreleased]");
    expect(manifest.scripts?.prepare).toBeUndefined();
    expect(manifest.scripts?.install).toBeUndefined();
    expect(manifest.scripts?.postinstall).toBeUndefined();
    expect(manifest.peerDependencies?.["@pulumi/pulumi"]).toBeDefined();
    // One @pulumi/pulumi: the project's own, not a second copy under the package.
    expect(() => readFileSync(path.join(installed, "node_modules", "@pulumi", "pulumi", "package.json"))).toThrow();
  });

  it("installs the pulumi-directus command: npx pulumi-directus --help, and --help on every command", async () => {
    for (const args of [["--help"], ["import", "--help"], ["audit", "--help"], ["review", "--help"]]) {
      const { stdout } = await run("npx", ["--no-install", "pulumi-directus", ...args], { cwd: project });
      expect(stdout).toContain("Usage: pulumi-directus");
    }
    const { stdout } = await run("npx", ["--no-install", "pulumi-directus", "--version"], { cwd: project });
    expect(stdout.trim()).toBe(rootPackage.version);
  });

  it("type-checks with a stock strict tsconfig and skipLibCheck off", async () => {
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: project }).then(
      () => ({ code: 0, output: "" }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? "" }),
    );
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  describe.each(DIRECTUS_VERSIONS)("with pulumi up on Directus %s", (version) => {
    const live = useDirectus(version);

    it("creates everything, converges on a second up, and destroys cleanly", async () => {
      await ensureCollection(live.server, "posts", ["title", "status"]);
      const stack = new TestStack("user-project", live.server, {}, project);
      try {
        const preview = await stack.ok("preview");
        expect(preview.summary?.create).toBe(11);
        const first = await stack.ok("up");
        expect(first.summary?.create).toBe(11);
        const outputs = first.outputs as { roleId: string; policyId: string; adminPolicies: string[] };
        expect(outputs.adminPolicies).toHaveLength(1);
        expect(await restData(live.server, "GET", `/roles/${outputs.roleId}`)).toMatchObject({ name: "Editors" });
        expect(await restData(live.server, "GET", `/policies/${outputs.policyId}`)).toMatchObject({
          enforce_tfa: true,
        });
        expect((await rest(live.server, "GET", "/items/posts", undefined, null)).status).toBe(200);

        const second = await stack.ok("up");
        expect(second.changes).toBe(0);

        expect(stack.rawState()).not.toContain(live.server.token);
        await stack.ok("destroy");
        expect((await rest(live.server, "GET", `/roles/${outputs.roleId}`)).status).toBe(403);
        expect((await rest(live.server, "GET", "/items/posts", undefined, null)).status).toBe(403);
      } finally {
        stack.dispose();
      }
    });
  });
});
