/**
 * Directus' own CLI (d6s, @directus/cli, installed in bench/d6s), the reference both benchmarks
 * compare against, run non-interactively: a project folder holding only a directus.config.json with
 * one profile for the instance, its static token in DIRECTUS_<PROFILE>_TOKEN, CI=1 so no saved
 * credential is read, a private HOME, --json for its summaries. d6s refuses Directus below 12.2.0.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../test/helpers/directus";

const D6S = path.join(REPO_ROOT, "bench", "d6s");
const D6S_BIN = path.join(D6S, "node_modules", "@directus", "cli", "dist", "bin.js");
/** The profile the project's directus.config.json declares; d6s reads its token from DIRECTUS_BENCH_TOKEN. */
const PROFILE = "bench";

export interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` and collects its output; never throws on a non-zero exit. */
export function runNode(args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<Exited> {
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm ci` in bench/d6s when @directus/cli is missing; returns why d6s cannot run when that fails. */
export function ensureD6s(): string | undefined {
  if (existsSync(D6S_BIN)) return undefined;
  const folder = path.relative(REPO_ROOT, D6S);
  process.stderr.write(`\n*** ${folder} is not installed: installing @directus/cli (npm ci) ***\n\n`);
  try {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: D6S, stdio: "inherit" });
  } catch {
    return `unavailable: npm ci failed in ${folder}`;
  }
  return existsSync(D6S_BIN) ? undefined : `unavailable: npm ci in ${folder} installed no d6s`;
}

/** A d6s project folder for one instance; `sync pull` writes its snapshot under `<dir>/directus`. */
export class D6sProject {
  constructor(
    readonly dir: string,
    url: string,
    private readonly token: string,
    private readonly home: string,
  ) {
    mkdirSync(dir, { recursive: true });
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(dir, "directus.config.json"), JSON.stringify({ profiles: { [PROFILE]: { url } } }));
  }

  pull(): Promise<Exited> {
    return this.sync("pull", "--from", PROFILE);
  }

  /** Applies the pulled snapshot: creates and updates, never deletes. */
  push(): Promise<Exited> {
    return this.sync("push", "--to", PROFILE, "--mode", "merge", "--yes");
  }

  diff(): Promise<Exited> {
    return this.sync("diff", "--to", PROFILE, "--mode", "merge");
  }

  private sync(...args: string[]): Promise<Exited> {
    return runNode([D6S_BIN, "--json", "--no-interactive", "--no-color", "sync", ...args], {
      cwd: this.dir,
      env: {
        ...process.env,
        CI: "1",
        NO_INTERACTIVE: "1",
        HOME: this.home,
        [`DIRECTUS_${PROFILE.toUpperCase()}_TOKEN`]: this.token,
      },
    });
  }
}

/** What d6s printed with --json, or {} when it printed something else. */
export function d6sSummary<T extends object>(exited: Exited): Partial<T> & { error?: { message?: string } } {
  try {
    return JSON.parse(exited.stdout) as Partial<T>;
  } catch {
    return {};
  }
}

/** d6s' own refusal (its --json error) as "unavailable: ...", or the first error line of a crash. */
export function d6sFailure(exited: Exited): string {
  const refusal = d6sSummary(exited).error?.message;
  if (refusal) return `unavailable: ${refusal}`;
  const lines = `${exited.stderr}\n${exited.stdout}`.split("\n").map((line) => line.trim());
  const error = lines.find((line) => /^(\w+)?Error\b/.test(line)) ?? lines.find(Boolean) ?? "no output";
  return `failed (exit ${exited.code}): ${error}`;
}
