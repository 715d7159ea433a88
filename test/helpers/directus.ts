/**
 * A real Directus server on demand, no Docker: the pinned release from the user cache
 * (scripts/ensure-directus.sh), a fresh SQLite database in a temp dir, a random admin token,
 * 127.0.0.1 on a free port. Used by the jest global setup, the tests and `npm run directus`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface DirectusServer {
  readonly version: string;
  readonly url: string;
  readonly token: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly dataDir: string;
  /** The server's process (for the benchmarks' CPU accounting). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would, and keeps its data for a restart. */
  crash(): Promise<void>;
}

/** A bootstrapped database that servers can start from without bootstrapping again. */
export interface DirectusTemplate {
  readonly version: string;
  readonly databaseFile: string;
  readonly token: string;
  readonly secret: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
}

const ADMIN_EMAIL = "admin@example.com";
const READY_TIMEOUT_MS = 120_000;
const running = new Set<ChildProcess>();

/** Every pinned release (tools/directus/<version>), or the DIRECTUS_VERSIONS subset. */
export function pinnedDirectusVersions(): string[] {
  const pinned = readdirSync(path.join(REPO_ROOT, "tools", "directus")).sort();
  const requested = process.env.DIRECTUS_VERSIONS?.split(/[\s,]+/).filter(Boolean);
  if (!requested || requested.length === 0) return pinned;
  const unknown = requested.filter((v) => !pinned.includes(v));
  if (unknown.length > 0) {
    throw new Error(`DIRECTUS_VERSIONS names unpinned releases ${unknown.join(", ")}; pinned: ${pinned.join(", ")}`);
  }
  return requested;
}

/** Accepts "12", "12.4" or "12.4.0" and returns the pinned release it names. */
export function resolveDirectusVersion(wanted: string): string {
  const pinned = readdirSync(path.join(REPO_ROOT, "tools", "directus"));
  const match = pinned.filter((v) => v === wanted || v.startsWith(`${wanted}.`)).sort();
  const last = match.at(-1);
  if (!last) throw new Error(`Directus ${wanted} is not pinned; pinned releases: ${pinned.join(", ")}`);
  return last;
}

/** Installs (once) and returns the folder of a pinned Directus release. */
export function installDirectus(version: string): string {
  const script = path.join(REPO_ROOT, "scripts", "ensure-directus.sh");
  return execFileSync("bash", [script, version], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

function directusCli(version: string): string {
  const cli = path.join(installDirectus(version), "node_modules", "directus", "cli.js");
  if (!existsSync(cli))
    throw new Error(`Directus ${version} install has no ${cli}; delete its cache folder and re-run.`);
  return cli;
}

function assertNode22(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    throw new Error(
      `Directus needs Node >= 22 but this process runs ${process.version}. Run through the project's scripts (npm test, npm run directus) which put Node 22 first on PATH.`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not allocate a port"));
      });
    });
  });
}

function baseEnv(dataDir: string, databaseFile: string, secret: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    DB_CLIENT: "sqlite3",
    DB_FILENAME: databaseFile,
    SECRET: secret,
    TELEMETRY: "false",
    LOG_LEVEL: process.env.DIRECTUS_LOG_LEVEL ?? "warn",
    LOG_STYLE: "raw",
    CACHE_ENABLED: "false",
    RATE_LIMITER_ENABLED: "false",
    // Test machines are busy; Directus would answer 503 "Under pressure" instead of doing the work.
    PRESSURE_LIMITER_ENABLED: "false",
    WEBSOCKETS_ENABLED: "false",
    EXTENSIONS_PATH: path.join(dataDir, "extensions"),
    EXTENSIONS_AUTO_RELOAD: "false",
    STORAGE_LOCATIONS: "local",
    STORAGE_LOCAL_ROOT: path.join(dataDir, "uploads"),
    MARKETPLACE_TRUST: "sandbox",
    // Lets the jest global teardown find servers of this run that outlived their tests.
    PULUMI_DIRECTUS_RUN_ID: process.env.PULUMI_DIRECTUS_RUN_ID ?? "",
  };
}

/** Bootstraps a fresh database once; servers copy it instead of bootstrapping again. */
export async function createTemplate(version: string, dir?: string): Promise<DirectusTemplate> {
  assertNode22();
  const cli = directusCli(version);
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), `directus-template-${version}-`));
  mkdirSync(dataDir, { recursive: true });
  const template: DirectusTemplate = {
    version,
    databaseFile: path.join(dataDir, "template.db"),
    token: randomBytes(24).toString("hex"),
    secret: randomBytes(32).toString("hex"),
    adminEmail: ADMIN_EMAIL,
    adminPassword: randomBytes(18).toString("base64url"),
  };
  const env = {
    ...baseEnv(dataDir, template.databaseFile, template.secret),
    ADMIN_EMAIL: template.adminEmail,
    ADMIN_PASSWORD: template.adminPassword,
    ADMIN_TOKEN: template.token,
  };
  await runToCompletion(process.execPath, [cli, "bootstrap"], env, `directus ${version} bootstrap`);
  return template;
}

async function runToCompletion(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${output.slice(-4000)}`);
}

export interface StartOptions {
  /** Start from this bootstrapped database (copied, never modified). Bootstraps a fresh one when omitted. */
  template?: DirectusTemplate;
  /** Keep data here instead of a temp dir that stop() deletes. */
  dataDir?: string;
  port?: number;
}

/** Starts a Directus server on 127.0.0.1 and resolves once /server/ping answers. */
export async function startDirectus(version: string, options: StartOptions = {}): Promise<DirectusServer> {
  assertNode22();
  const cli = directusCli(version);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), `directus-${version}-`));
  const template = options.template ?? (await createTemplate(version, dataDir));
  const databaseFile = path.join(dataDir, "data.db");
  if (!existsSync(databaseFile)) copyFileSync(template.databaseFile, databaseFile);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...baseEnv(dataDir, databaseFile, template.secret),
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: url,
  };
  const child = spawn(process.execPath, [cli, "start"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  let log = "";
  const append = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  child.on("exit", () => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const crash = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, "SIGKILL");
      await exited;
    }
  };

  try {
    await waitForPing(url, exited, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    version,
    url,
    token: template.token,
    adminEmail: template.adminEmail,
    adminPassword: template.adminPassword,
    dataDir,
    pid: child.pid,
    stop,
    crash,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitForPing(url: string, exited: Promise<void>, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone) throw new Error(`Directus exited before it was ready:\n${log().slice(-4000)}`);
    try {
      const response = await fetch(`${url}/server/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Directus at ${url} did not answer /server/ping within ${READY_TIMEOUT_MS / 1000}s:\n${log().slice(-4000)}`,
  );
}

/** Stops every server this process started; registered so an aborted run leaves no orphans. */
export function killAllDirectus(): void {
  for (const child of running) killGroup(child, "SIGKILL");
}
process.once("exit", killAllDirectus);

/** Pids of live processes started with PULUMI_DIRECTUS_RUN_ID=<runId> (Linux /proc). */
export function processesOfRun(runId: string): number[] {
  const marker = `PULUMI_DIRECTUS_RUN_ID=${runId}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, "latin1")}\0`.includes(marker)) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Reads a template written by the jest global setup (see test/helpers/global-setup.ts). */
export function loadTemplate(file: string): DirectusTemplate {
  return JSON.parse(readFileSync(file, "utf8")) as DirectusTemplate;
}
