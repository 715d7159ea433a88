import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DirectusServer } from "./directus";
import { REPO_ROOT } from "./directus";

/** The built CLI, as `npx pulumi-directus` runs it. */
export const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "index.js");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** `pulumi-directus <args>` against a test server; the token travels in DIRECTUS_TOKEN only. */
export function directusCli(server: DirectusServer, args: readonly string[], input?: string): Promise<CliRun> {
  return runCommand(process.execPath, [CLI, ...args], {
    env: { ...process.env, DIRECTUS_URL: server.url, DIRECTUS_TOKEN: server.token },
    ...(input === undefined ? {} : { input }),
  });
}

/** `npm pack` of the current build into a fresh folder; returns the tarball's path. */
export async function packPackage(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-pack-"));
  const packed = await runCommand("npm", ["pack", "--pack-destination", dir, "--loglevel=error"]);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  return path.join(dir, packed.stdout.trim().split("\n").at(-1) ?? "");
}
