/**
 * Keeps a Pulumi project of this repository (examples/*, bench/program) running the current build of
 * the package: builds when the sources changed, and `npm ci` in the project when its installed copy
 * (a copy, see the project's .npmrc) differs from the build. Does nothing when both are current, so a
 * run during the tests never rebuilds or reinstalls under other tests' feet.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function newestChange(dir: string): number {
  return Math.max(0, ...files(dir).map((file) => statSync(path.join(dir, file)).mtimeMs));
}

/** Whether the project's installed copy of the package is the current build, byte for byte. */
function installedCopyIsCurrent(projectDir: string): boolean {
  const built = path.join(REPO_ROOT, "dist", "provider");
  const installed = path.join(projectDir, "node_modules", "pulumi-directus", "dist", "provider");
  const names = files(built);
  return (
    names.length > 0 &&
    names.join("\n") === files(installed).join("\n") &&
    names.every((name) => readFileSync(path.join(built, name)).equals(readFileSync(path.join(installed, name))))
  );
}

/**
 * With PULUMI_DIRECTUS_NO_REBUILD=1 (set by the test run, where other tests use the same build and
 * project folders at the same time) a stale build or install is an error instead of being redone.
 */
export function preparePackageIn(projectDir: string, say: (line: string) => void = () => {}): void {
  const frozen = process.env.PULUMI_DIRECTUS_NO_REBUILD === "1";
  const refuse = (what: string) => {
    throw new Error(`${what} is stale and PULUMI_DIRECTUS_NO_REBUILD=1 forbids redoing it during the tests`);
  };
  if (newestChange(path.join(REPO_ROOT, "provider")) > newestChange(path.join(REPO_ROOT, "dist", "provider"))) {
    if (frozen) refuse("the build (dist/)");
    say("Building the package (npm run build) ...");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!installedCopyIsCurrent(projectDir)) {
    if (frozen) refuse(`the install in ${projectDir}`);
    say(`Installing ${path.relative(REPO_ROOT, projectDir)}'s dependencies (npm ci) ...`);
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: projectDir,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
}
