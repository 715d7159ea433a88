/**
 * npm run bench [-- --policies 20 --permissions 50 --version 11]
 *
 * Applies a generated configuration (policies x permissions) with the pulumi binary, then
 * runs a no-op preview, and compares both with the baseline measured in the same run: creating the
 * same objects with raw @directus/sdk batch calls (one request per policy plus one per permission batch).
 * Prints the times and the ratios; there is no pass/fail threshold.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDirectus, createPermissions, createPolicy, deletePolicies, rest, staticToken } from "@directus/sdk";
import { preparePackageIn } from "../scripts/project-install";
import { type CliRun, CliStack } from "../scripts/pulumi-cli";
import { type DirectusServer, REPO_ROOT, resolveDirectusVersion, startDirectus } from "../test/helpers/directus";
import { generatedPolicies } from "./program/generated";

const PROGRAM = path.join(REPO_ROOT, "bench", "program");
const HELP = `usage: npm run bench [-- --policies N] [-- --permissions M] [-- --version 11|12]

Applies a generated configuration (N policies x M permissions, inline) with the pulumi binary in
bench/program, then runs a no-op preview, and compares both with raw @directus/sdk batch calls
measured in the same run on the same server. Prints times and ratios; there is no pass/fail.
`;

async function baseline(server: DirectusServer, policies: number, permissions: number): Promise<number> {
  const client = createDirectus(server.url).with(staticToken(server.token)).with(rest());
  const started = performance.now();
  const ids: string[] = [];
  for (const spec of generatedPolicies(policies, permissions)) {
    const policy = (await client.request(createPolicy({ name: spec.name }))) as { id: string };
    ids.push(policy.id);
    await client.request(
      createPermissions(
        spec.permissions.map((p) => ({ ...p, policy: policy.id, permissions: null, validation: null, presets: null })),
      ),
    );
  }
  const elapsed = performance.now() - started;
  await client.request(deletePolicies(ids));
  return elapsed;
}

async function timed(what: string, run: () => Promise<CliRun>): Promise<number> {
  const started = performance.now();
  const result = await run();
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.output.slice(-4000)}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      policies: { type: "string", default: "20" },
      permissions: { type: "string", default: "50" },
      version: { type: "string", default: "11" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const policies = Number(values.policies);
  const permissions = Number(values.permissions);
  const version = resolveDirectusVersion(values.version);
  preparePackageIn(PROGRAM);
  const server = await startDirectus(version);
  const workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-bench-"));
  const stack = new CliStack({
    projectDir: PROGRAM,
    stackName: `bench${randomBytes(3).toString("hex")}`,
    stateDir: path.join(workDir, "state"),
    homeDir: path.join(workDir, "home"),
    passphrase: randomBytes(16).toString("hex"),
  });
  try {
    await stack.setConfig("directus:url", server.url);
    await stack.setConfig("directus:token", server.token, true);
    await stack.setConfig("directus-bench:policies", String(policies));
    await stack.setConfig("directus-bench:permissions", String(permissions));
    const raw = await baseline(server, policies, permissions);
    const apply = await timed("pulumi up", () => stack.operation("up", ["--skip-preview"]));
    const noop = await timed("pulumi preview", () => stack.operation("preview", ["--expect-no-changes"]));
    const rows = [
      ["raw @directus/sdk batch calls (baseline)", raw, 1],
      ["pulumi up (create everything)", apply, apply / raw],
      ["pulumi preview (no changes)", noop, noop / raw],
    ] as const;
    process.stdout.write(
      `\nDirectus ${version}, ${policies} policies x ${permissions} permissions (${policies * permissions} rows)\n`,
    );
    for (const [label, ms, ratio] of rows) {
      process.stdout.write(`${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s   x${ratio.toFixed(2)}\n`);
    }
    await timed("pulumi destroy", () => stack.operation("destroy"));
  } finally {
    stack.forget();
    rmSync(workDir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
