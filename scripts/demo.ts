/**
 * npm run demo [-- --exit] [-- --version 12]
 *
 * The main job, end to end on this machine: starts an embedded Directus (SQLite under .local/demo,
 * 127.0.0.1), applies examples/website to it with `pulumi up` through the real Pulumi CLI (state in
 * .local/demo/state), and prints where to look. Safe to re-run: the instance and the stack persist,
 * so a second run shows no changes. Without --exit the server keeps running until Ctrl-C.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  createTemplate,
  type DirectusTemplate,
  freePort,
  REPO_ROOT,
  resolveDirectusVersion,
  startDirectus,
} from "../test/helpers/directus";

const DEMO_DIR = path.join(REPO_ROOT, ".local", "demo");

function persistent<T>(file: string, make: () => Promise<T>): Promise<T> {
  if (existsSync(file)) return Promise.resolve(JSON.parse(readFileSync(file, "utf8")) as T);
  return make().then((value) => {
    writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
    return value;
  });
}

async function portFor(preferred: number): Promise<number> {
  const probe = await fetch(`http://127.0.0.1:${preferred}/server/ping`).then(
    () => true,
    () => false,
  );
  return probe ? freePort() : preferred;
}

async function adminPolicyId(url: string, token: string): Promise<string | undefined> {
  const response = await fetch(`${url}/policies?filter[admin_access][_eq]=true&sort=name&limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { data?: { id: string }[] };
  return body.data?.[0]?.id;
}

function runStack(args: string[], passphrase: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [require.resolve("tsx/cli"), path.join(REPO_ROOT, "scripts", "stack.ts"), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: passphrase },
      stdio: "inherit",
    },
  );
  return new Promise((resolve) => child.on("exit", resolve));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { exit: { type: "boolean", default: false }, version: { type: "string", default: "11" } },
  });
  const version = resolveDirectusVersion(values.version);
  const dataDir = path.join(DEMO_DIR, `directus-${version}`);
  mkdirSync(dataDir, { recursive: true });
  const template = await persistent<DirectusTemplate>(path.join(dataDir, "template.json"), () =>
    createTemplate(version, dataDir),
  );
  const passphrase = await persistent<string>(path.join(DEMO_DIR, "passphrase.json"), async () =>
    randomBytes(24).toString("hex"),
  );
  const server = await startDirectus(version, { template, dataDir, port: await portFor(8055) });
  const stop = async (code: number) => {
    await server.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  const adminPolicy = await adminPolicyId(server.url, server.token);
  const code = await runStack(
    [
      "up",
      "--program",
      path.join(REPO_ROOT, "examples", "website"),
      "--stack",
      `local-${version.split(".")[0]}`,
      "--state-dir",
      path.join(DEMO_DIR, "state"),
      "--config",
      `directus:url=${server.url}`,
      "--secret-config",
      `directus:token=${server.token}`,
      ...(adminPolicy ? ["--config", `directus-website:adminPolicyId=${adminPolicy}`] : []),
    ],
    passphrase,
  );
  if (code !== 0) {
    process.stderr.write("\npulumi up failed; the engine's output above says which resource and why.\n");
    await stop(1);
    return;
  }
  process.stdout.write(
    [
      "",
      `Directus ${version} with the website access model is at ${server.url}/admin`,
      `  sign in as ${server.adminEmail} / ${server.adminPassword}`,
      "  look at: Settings > Access Policies (Website API, Guest Author, Content Manager, Administrator),",
      "           Settings > Roles, Settings > Project Settings (project name, password policy, login attempts)",
      `  anonymous API: ${server.url}/items/posts (published posts only; writes are refused)`,
      `  Pulumi state: ${path.join(DEMO_DIR, "state")} (re-run npm run demo: no changes)`,
      values.exit ? "" : "Press Ctrl-C to stop the server (its data stays in .local/demo).",
      "",
    ].join("\n"),
  );
  if (values.exit) await stop(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
