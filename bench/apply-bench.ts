/**
 * npm run bench [-- --policies 20 --permissions 50 --version 11]
 *
 * Applies a generated configuration (policies x permissions) through the real Pulumi engine, then
 * runs a no-op preview, and compares both with the baseline measured in the same run: creating the
 * same objects with raw @directus/sdk batch calls (one request per policy plus one per permission batch).
 * Prints the times and the ratios; there is no pass/fail threshold.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDirectus, createPermissions, createPolicy, deletePolicies, rest, staticToken } from "@directus/sdk";
import { type DirectusServer, REPO_ROOT, resolveDirectusVersion, startDirectus } from "../test/helpers/directus";
import { generatedPolicies } from "./generated";

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

async function timedStack(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [require.resolve("tsx/cli"), path.join(REPO_ROOT, "scripts", "stack.ts"), command, ...args],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${command} failed:\n${output.slice(-4000)}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      policies: { type: "string", default: "20" },
      permissions: { type: "string", default: "50" },
      version: { type: "string", default: "11" },
    },
  });
  const policies = Number(values.policies);
  const permissions = Number(values.permissions);
  const version = resolveDirectusVersion(values.version);
  const server = await startDirectus(version);
  const stateDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-bench-"));
  try {
    const env = { ...process.env, PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex") };
    const args = [
      "--program",
      path.join(REPO_ROOT, "bench", "program"),
      "--stack",
      "bench",
      "--state-dir",
      stateDir,
      "--config",
      `directus:url=${server.url}`,
      "--secret-config",
      `directus:token=${server.token}`,
      "--config",
      `directus-program:policies=${policies}`,
      "--config",
      `directus-program:permissions=${permissions}`,
    ];
    const raw = await baseline(server, policies, permissions);
    const apply = await timedStack("up", [...args, "--skip-preview"], env);
    const noop = await timedStack("preview", [...args, "--expect-no-changes"], env);
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
    await timedStack("destroy", args, env);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
