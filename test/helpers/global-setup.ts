import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createTemplate, pinnedDirectusVersions, REPO_ROOT } from "./directus";
import { startReaper } from "./reaper";

/** Bootstraps one database per pinned Directus release; every test file starts its own server from a copy. */
export default async function globalSetup(): Promise<void> {
  const pulumi = requireTool("pulumi", ["version"]);
  requireTool("pulumi-resource-pulumi-nodejs", null);
  process.env.PULUMI_DIRECTUS_RUN_ID = randomBytes(8).toString("hex");
  // Before anything marked starts: if jest dies (Ctrl-C, SIGKILL), the watchdog kills what this run started.
  startReaper(process.env.PULUMI_DIRECTUS_RUN_ID, process.pid);
  // The demo and bench tests must not rebuild or reinstall under the feet of tests running beside them.
  process.env.PULUMI_DIRECTUS_NO_REBUILD = "1";
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-templates-"));
  const versions = pinnedDirectusVersions();
  const [templates] = await Promise.all([
    Promise.all(versions.map((version) => createTemplate(version, path.join(dir, version)))),
    installExampleProjects(),
  ]);
  for (const template of templates) {
    writeFileSync(path.join(dir, `${template.version}.json`), JSON.stringify(template));
  }
  process.env.DIRECTUS_TEMPLATE_DIR = dir;
  process.stdout.write(
    `\nDirectus templates bootstrapped for ${versions.join(", ")}; pulumi ${pulumi} at ${whichOf("pulumi")}\n`,
  );
}

function whichOf(tool: string): string {
  return execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
}

/** Live tests never skip: a missing tool stops the run with the fix. */
function requireTool(tool: string, versionArgs: string[] | null): string {
  try {
    const path = whichOf(tool);
    return versionArgs ? execFileSync(path, versionArgs, { encoding: "utf8" }).trim() : path;
  } catch {
    throw new Error(
      `${tool} is not on PATH, so the live tests cannot run. Fix: run them through 'npm test' (scripts/with-toolchain.sh installs and puts the toolchain on PATH), or install the Pulumi CLI.`,
    );
  }
}

/**
 * `npm ci` in every example project (and the benchmarks'), as a user does before `pulumi up`: each installs this package
 * from the repository as a copy (examples/<name>/.npmrc), so it must be reinstalled after every build.
 */
async function installExampleProjects(): Promise<void> {
  const examples = path.join(REPO_ROOT, "examples");
  const projects = [
    ...readdirSync(examples).map((name) => path.join(examples, name)),
    path.join(REPO_ROOT, "bench", "program"),
    path.join(REPO_ROOT, "bench", "floor"),
    path.join(REPO_ROOT, "bench", "d6s"),
  ].filter((dir) => existsSync(path.join(dir, "package-lock.json")));
  for (const project of projects) {
    try {
      await promisify(execFile)("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
    } catch (error) {
      throw new Error(`npm ci failed in ${project}: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
  }
}
