/**
 * npm run bench:report [-- --version all|11|12 --runs 5]
 *
 * Measures the HTML reports and the fleet audit on agency-size instances (test/helpers/corpus.ts:
 * 75 collections and 450+ permission rows where the licence allows, one server per Directus version;
 * with one version, two servers of it) plus one address where nothing listens:
 * - each instance audited alone (`audit --format html`), and the fleet of all three in one
 *   `audit --instances` run: wall time against the slowest single audit (target: at most 1.3x); the
 *   unreachable one is the slowest (its connection is retried for a few seconds), so the fleet of the
 *   reachable ones is shown against the slowest of those too;
 * - the size of the first instance's report, and its render time in headless Chromium, from
 *   navigation start to the end of the load event (target: under 1 s).
 * Every figure is the median of --runs runs, measured in this run.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, openReport } from "../test/helpers/browser";
import { runCommand } from "../test/helpers/cli";
import { seedAgencyInstance } from "../test/helpers/corpus";
import { type DirectusServer, freePort, REPO_ROOT, startDirectus } from "../test/helpers/directus";
import { positiveInteger, ratio, seconds, versionsFrom } from "./instance";

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "index.js");
const FLEET_TARGET = 1.3;
const RENDER_TARGET_MS = 1000;
const HELP = `usage: npm run bench:report [-- --version all|11|12] [-- --runs R]

Seeds an agency-size instance on a fresh Directus per version (two servers when one version is
chosen), adds an address where nothing listens, then times R times each (median shown): every
instance audited alone with 'audit --format html', the three in one 'audit --instances' run, and the
first report's rendering in headless Chromium. Targets: fleet within ${FLEET_TARGET}x of the slowest single
audit; render under ${RENDER_TARGET_MS / 1000} s. Defaults: every pinned Directus version, 5 runs.
`;

interface Instance {
  readonly name: string;
  readonly url: string;
  readonly token: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timedAudit(args: readonly string[], env: NodeJS.ProcessEnv, out: string): Promise<number> {
  const started = performance.now();
  const run = await runCommand(process.execPath, [CLI, "audit", "--quiet", "--fail-on", "never", ...args], {
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - started;
  // 2 = an instance was not audited, which is expected of the unreachable one and of the fleet.
  if (run.code !== 0 && run.code !== 2) throw new Error(`audit failed (exit ${run.code}): ${run.stderr}`);
  writeFileSync(out, run.stdout);
  return ms;
}

function parseOptions(): { versions: string[]; runs: number } | undefined {
  const { values } = parseArgs({
    options: {
      version: { type: "string", default: "all" },
      runs: { type: "string", default: "5" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  return { versions: versionsFrom(values.version), runs: positiveInteger("runs", values.runs) };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    process.stdout.write(HELP);
    return;
  }
  if (!existsSync(CLI)) execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  const versions = options.versions.length === 1 ? [options.versions[0], options.versions[0]] : options.versions;
  const servers: DirectusServer[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-report-bench-"));
  const browser = await launchChromium();
  try {
    const instances: Instance[] = [];
    const rows: number[] = [];
    for (const [index, version] of versions.entries()) {
      const server = await startDirectus(version as string);
      servers.push(server);
      rows.push((await seedAgencyInstance(server)).rows);
      instances.push({ name: `agency-${index + 1}`, url: server.url, token: server.token });
    }
    instances.push({ name: "unreachable", url: `http://127.0.0.1:${await freePort()}`, token: "unused" });
    const env = Object.fromEntries(instances.map((i, n) => [`BENCH_TOKEN_${n}`, i.token]));
    const fleetFile = path.join(dir, "fleet.yaml");
    const reachableFile = path.join(dir, "reachable.yaml");
    const entry = (i: Instance, n: number) => `  - { name: ${i.name}, url: "${i.url}", tokenEnv: BENCH_TOKEN_${n} }`;
    writeFileSync(fleetFile, `instances:\n${instances.map(entry).join("\n")}\n`);
    writeFileSync(reachableFile, `instances:\n${instances.slice(0, -1).map(entry).join("\n")}\n`);
    const singles = instances.map(() => [] as number[]);
    const fleet: number[] = [];
    const reachableFleet: number[] = [];
    const renders: number[] = [];
    const report = path.join(dir, "single-0.html");
    for (let run = 0; run < options.runs; run++) {
      for (const [n, instance] of instances.entries()) {
        const single = { DIRECTUS_URL: instance.url, DIRECTUS_TOKEN: instance.token };
        singles[n]?.push(await timedAudit(["--format", "html"], single, path.join(dir, `single-${n}.html`)));
      }
      fleet.push(await timedAudit(["--instances", fleetFile, "--format", "html"], env, path.join(dir, "fleet.html")));
      const reachableOut = path.join(dir, "reachable.html");
      reachableFleet.push(await timedAudit(["--instances", reachableFile, "--format", "html"], env, reachableOut));
      const rendered = await openReport(browser, report);
      renders.push(rendered.renderMs);
      await rendered.close();
    }
    const single = singles.map(median);
    const slowest = Math.max(...single);
    const fleetMs = median(fleet);
    const reachableMs = median(reachableFleet);
    const slowestReachable = Math.max(...single.slice(0, -1));
    const renderMs = median(renders);
    const lines = [
      `HTML report of ${instances[0]?.name} (Directus ${versions[0]}, ${rows[0]} permission rows), median of ${options.runs}`,
      `  size                         ${(statSync(report).size / 1024).toFixed(0).padStart(7)} KiB`,
      `  render in headless Chromium  ${seconds(renderMs)}   target < ${RENDER_TARGET_MS / 1000} s: ${renderMs < RENDER_TARGET_MS ? "met" : "NOT met"}`,
      "",
      `Fleet audit of ${instances.length} instances (--format html, concurrency 4), median of ${options.runs}`,
      ...instances.map(
        (i, n) =>
          `  alone: ${i.name.padEnd(22)}${seconds(single[n] ?? 0)}   ${n < versions.length ? `Directus ${versions[n]}` : "nothing listens"}`,
      ),
      `  fleet in one run              ${seconds(fleetMs)}   ${ratio(fleetMs / slowest)} of the slowest alone   target <= ${FLEET_TARGET}x: ${fleetMs / slowest <= FLEET_TARGET ? "met" : "NOT met"}`,
      `  fleet without the unreachable ${seconds(reachableMs)}   ${ratio(reachableMs / slowestReachable)} of the slowest of those alone`,
      `  fleet report size            ${(statSync(path.join(dir, "fleet.html")).size / 1024).toFixed(0).padStart(7)} KiB`,
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } finally {
    await browser.close();
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
