/**
 * npm run demo [-- --exit] [-- --version 12]
 *
 * The main job, end to end on this machine: starts an embedded Directus (SQLite under .local/demo,
 * 127.0.0.1), then runs `pulumi up` with the pulumi binary in examples/website against it (state in
 * .local/demo/state), and prints where to look. Safe to re-run: the instance and the stack persist,
 * so a second run shows no changes.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { preparePackageIn } from "./project-install";
import { CliStack } from "./pulumi-cli";

const HELP = `usage: npm run demo [-- --version 11|12] [-- --exit]

Starts an embedded Directus on 127.0.0.1 (data under .local/demo), applies examples/website to it
with 'pulumi up' (the pulumi binary, in the example's folder, state under .local/demo/state), and
prints the Studio URL, how to sign in and how to read the service account's token.
Run it again: the second run reports no changes.

options:
  --version 11|12   Directus release (default 11). Directus 12 runs unlicensed (Core tier), so the
                    demo sets the example's coreTier switch there (see examples/website/README.md).
  --exit            stop the server after applying (default: keep it running until Ctrl-C)
  -h, --help        this help
`;

/** PULUMI_DIRECTUS_DEMO_DIR moves the demo's data (the e2e test uses a temp folder). */
const DEMO_DIR = process.env.PULUMI_DIRECTUS_DEMO_DIR ?? path.join(REPO_ROOT, ".local", "demo");
const EXAMPLE = path.join(REPO_ROOT, "examples", "website");

function persistent<T>(file: string, make: () => Promise<T>): Promise<T> {
  if (existsSync(file)) return Promise.resolve(JSON.parse(readFileSync(file, "utf8")) as T);
  return make().then((value) => {
    writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
    return value;
  });
}

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** One demo server per data folder: a second one on the same SQLite file would corrupt it. */
function claimDataDir(dataDir: string): () => void {
  const lock = path.join(dataDir, "demo.lock");
  if (existsSync(lock)) {
    const { pid, url } = JSON.parse(readFileSync(lock, "utf8")) as { pid: number; url?: string };
    if (isAlive(pid)) {
      process.stderr.write(
        `demo: a demo is already running (pid ${pid}${url ? `, ${url}` : ""}) on ${dataDir}.\n` +
          `  fix: use that one, or stop it (Ctrl-C in its terminal, or kill ${pid}) and run npm run demo again.\n`,
      );
      process.exit(2);
    }
  }
  writeFileSync(lock, JSON.stringify({ pid: process.pid }));
  return () => rmSync(lock, { force: true });
}

/** 8055 (Directus' usual port) when it is free, so the Studio URL stays the same between runs. */
async function portFor(preferred: number): Promise<number> {
  const taken = await fetch(`http://127.0.0.1:${preferred}/server/ping`).then(
    () => true,
    () => false,
  );
  return taken ? freePort() : preferred;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function adminPolicyId(url: string, token: string): Promise<string | undefined> {
  const response = await fetch(`${url}/policies?filter[admin_access][_eq]=true&sort=name&limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { data?: { id: string }[] };
  return body.data?.[0]?.id;
}

function prepareExample(): void {
  preparePackageIn(EXAMPLE, say);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      exit: { type: "boolean", default: false },
      version: { type: "string", default: "11" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const version = resolveDirectusVersion(values.version);
  const major = version.split(".")[0] ?? version;
  const dataDir = path.join(DEMO_DIR, `directus-${version}`);
  mkdirSync(dataDir, { recursive: true });
  const release = claimDataDir(dataDir);
  prepareExample();

  const template = await persistent<DirectusTemplate>(path.join(dataDir, "template.json"), () =>
    createTemplate(version, dataDir),
  );
  const passphraseFile = path.join(DEMO_DIR, "passphrase");
  if (!existsSync(passphraseFile)) writeFileSync(passphraseFile, randomBytes(24).toString("hex"), { mode: 0o600 });
  const server = await startDirectus(version, { template, dataDir, port: await portFor(8055) });
  writeFileSync(path.join(dataDir, "demo.lock"), JSON.stringify({ pid: process.pid, url: server.url }));
  const stop = async (code: number) => {
    await server.stop();
    release();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  const stateDir = path.join(DEMO_DIR, "state");
  const stackConfig = path.join(EXAMPLE, `Pulumi.local-${major}.yaml`);
  // The stack's config file holds the salt of the demo's passphrase; without the demo's state it is
  // left over from an earlier demo folder and would make the new stack fail with "incorrect passphrase".
  if (!existsSync(stateDir)) rmSync(stackConfig, { force: true });
  const stack = new CliStack({
    projectDir: EXAMPLE,
    stackName: `local-${major}`,
    stateDir,
    homeDir: path.join(DEMO_DIR, "pulumi-home"),
    passphrase: readFileSync(passphraseFile, "utf8").trim(),
    onOutput: (chunk) => process.stdout.write(chunk),
  });
  say(
    `\nDirectus ${version} is up at ${server.url}; running pulumi up in examples/website (stack ${stack.stackName}):\n`,
  );
  await stack.setConfig("directus:url", server.url);
  await stack.setConfig("directus:token", server.token, true);
  const adminPolicy = await adminPolicyId(server.url, server.token);
  if (adminPolicy) await stack.setConfig("directus-website:adminPolicyId", adminPolicy);
  const coreTier = major !== "11";
  if (coreTier) await stack.setConfig("directus-website:coreTier", "true");
  const up = await stack.operation("up");
  if (up.code !== 0) {
    process.stderr.write("\npulumi up failed; the output above names the resource and why.\n");
    await stop(1);
    return;
  }

  const pulumiBin = execFileSync("bash", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
  const env = `PULUMI_HOME=${path.join(DEMO_DIR, "pulumi-home")} PULUMI_CONFIG_PASSPHRASE_FILE=${passphraseFile}`;
  say();
  say(`Applied. The website access model${coreTier ? " (Core-tier variant)" : ""} is in Directus ${version}.`);
  if (!values.exit) say(`  Studio:        ${server.url}/admin`);
  say(`  sign in:       ${server.adminEmail} / ${server.adminPassword}`);
  say("                 The Administrator policy now requires two-factor authentication, so the Studio asks");
  say("                 you to set it up at first sign-in: scan the QR code with any authenticator app.");
  say(`  admin token:   ${server.token} (the API does not ask static tokens for 2FA)`);
  if (!values.exit) {
    say(
      `  anonymous API: ${server.url}/items/posts (${coreTier ? "nothing is public on the Core tier" : "published posts only; writes are refused"})`,
    );
  }
  say("  look at:       Settings > Access Policies, Settings > Roles, Settings > Project Settings");
  say("  the Website API service account's token (a secret stack output):");
  say(
    `    (cd examples/website && ${env} ${pulumiBin} stack output --show-secrets websiteApiToken --stack ${stack.stackName})`,
  );
  say(`  state:         ${path.join(DEMO_DIR, "state")}; run npm run demo again: no changes`);
  if (values.exit) {
    say(`The server is stopped (its data stays in ${DEMO_DIR}); npm run demo starts it again.`);
    await stop(0);
    return;
  }
  say(`Press Ctrl-C to stop the server (its data stays in ${DEMO_DIR}).`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
