/**
 * npm run bench:import [-- --policies 100 --permissions 50 --version all|11|12 --runs 3]
 *
 * Reads a generated instance (policies x permissions over real collections, created with plain
 * @directus/sdk calls) on one fresh server per Directus version, and times, on the same instance:
 * - `pulumi-directus import --quiet --out <dir>` (the built CLI, dist/provider/cli/index.js);
 * - Directus' own `d6s sync pull` (bench/d6s-cli.ts says how it is run).
 * Every run writes into a new folder; each is run --runs times and the table shows the median and the
 * best. Both talk to Directus through a counting proxy on 127.0.0.1, which reports their HTTP requests.
 * d6s refuses Directus below 12.2.0: on those versions its row says so instead of a time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, startDirectus } from "../test/helpers/directus";
import { type FaultProxy, startFaultProxy } from "../test/helpers/fault-proxy";
import { D6sProject, d6sFailure, d6sSummary, type Exited, ensureD6s, runNode } from "./d6s-cli";
import {
  createGeneratedCollections,
  createGeneratedPolicies,
  positiveInteger,
  ratio,
  seconds,
  versionsFrom,
} from "./instance";

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "index.js");
const TARGET = 2;
const HELP = `usage: npm run bench:import [-- --policies N] [-- --permissions M] [-- --version all|11|12] [-- --runs R]

Creates N policies x M permissions on a fresh Directus per version, then times, R times each (median
and best shown), 'pulumi-directus import --quiet --out <dir>' and Directus' own 'd6s sync pull'
(@directus/cli, bench/d6s) on that instance, with the files and bytes each writes and the HTTP
requests each sends. Target: import within ${TARGET}x of d6s sync pull.
Defaults: 100 policies x 50 permissions, 3 runs, every pinned Directus version.
`;

interface Run {
  readonly ms: number;
  readonly requests: number;
}

interface Written {
  readonly files: number;
  readonly bytes: number;
  /** What the output holds, in the tool's own terms. */
  readonly contents: string;
}

interface Measured {
  readonly runs: readonly Run[];
  readonly written: Written;
}

/** Not measured: "unavailable: <why d6s refused or cannot be installed>" or "failed (exit N): <error>". */
type Outcome = Measured | { readonly notMeasured: string };

async function timed(proxy: FaultProxy, run: () => Promise<Exited>): Promise<Run & { exited: Exited }> {
  const before = proxy.stats.requests;
  const started = performance.now();
  const exited = await run();
  return { ms: performance.now() - started, requests: proxy.stats.requests - before, exited };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function sizeOf(dir: string): { files: number; bytes: number } {
  const files = filesUnder(dir);
  return { files: files.length, bytes: files.reduce((sum, file) => sum + statSync(file).size, 0) };
}

function newestChange(dir: string): number {
  return Math.max(0, ...(existsSync(dir) ? filesUnder(dir).map((file) => statSync(file).mtimeMs) : []));
}

/** Builds dist/ when it is missing or older than the sources (never under PULUMI_DIRECTUS_NO_REBUILD=1, the test run). */
function ensureBuilt(): void {
  const stale = newestChange(path.join(REPO_ROOT, "provider")) > newestChange(path.join(REPO_ROOT, "dist", "provider"));
  if (existsSync(CLI) && !stale) return;
  if (process.env.PULUMI_DIRECTUS_NO_REBUILD === "1") {
    throw new Error("the build (dist/) is stale and PULUMI_DIRECTUS_NO_REBUILD=1 forbids rebuilding it");
  }
  process.stderr.write("Building the package (npm run build) ...\n");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

function importOnce(proxy: FaultProxy, token: string, out: string): Promise<Exited> {
  return runNode([CLI, "import", "--quiet", "--url", proxy.url, "--out", out], {
    env: { ...process.env, DIRECTUS_URL: "", DIRECTUS_TOKEN: token },
  });
}

/** Resources the generated program declares: each is one `new directus.<Kind>(...)`. */
function importContents(out: string): string {
  const resources = readFileSync(path.join(out, "index.ts"), "utf8").match(/\bnew directus\.\w+\(/g)?.length ?? 0;
  return `${resources} resources in index.ts`;
}

async function measureImport(proxy: FaultProxy, token: string, workDir: string, runs: number): Promise<Measured> {
  const results: Run[] = [];
  let out = "";
  for (let i = 0; i < runs; i++) {
    out = path.join(workDir, `import-${i}`);
    const run = await timed(proxy, () => importOnce(proxy, token, out));
    if (run.exited.code !== 0) throw new Error(`pulumi-directus import failed:\n${run.exited.stderr.slice(-4000)}`);
    results.push({ ms: run.ms, requests: run.requests });
  }
  return { runs: results, written: { ...sizeOf(out), contents: importContents(out) } };
}

interface PullSummary {
  collections?: number;
  data?: { recordCount?: number; collectionCount?: number };
}

function d6sContents(summary: Partial<PullSummary>): string {
  const records = summary.data?.recordCount ?? "?";
  return `${records} records in ${summary.data?.collectionCount ?? "?"} system collections, schema of ${summary.collections ?? "?"} collections`;
}

async function measureD6s(proxy: FaultProxy, token: string, workDir: string, runs: number): Promise<Outcome> {
  const home = path.join(workDir, "d6s-home");
  const results: Run[] = [];
  let last: { dir: string; exited: Exited } | undefined;
  for (let i = 0; i < runs; i++) {
    const project = new D6sProject(path.join(workDir, `d6s-${i}`), proxy.url, token, home);
    const run = await timed(proxy, () => project.pull());
    if (run.exited.code !== 0) return { notMeasured: d6sFailure(run.exited) };
    results.push({ ms: run.ms, requests: run.requests });
    last = { dir: project.dir, exited: run.exited };
  }
  if (!last) return { notMeasured: "failed: no run" };
  const written = sizeOf(path.join(last.dir, "directus"));
  return { runs: results, written: { ...written, contents: d6sContents(d6sSummary<PullSummary>(last.exited)) } };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const medianMs = (m: Measured) => median(m.runs.map((r) => r.ms));
const bestMs = (m: Measured) => Math.min(...m.runs.map((r) => r.ms));

function requestsText(runs: readonly Run[]): string {
  const counts = runs.map((r) => r.requests);
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? String(low) : `${low}-${high}`;
}

const LABEL_WIDTH = 24;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function row(label: string, measured: Measured, reference: Measured | undefined): string {
  const versus = reference ? ratio(medianMs(measured) / medianMs(reference)) : "".padEnd(7);
  const { files, bytes, contents } = measured.written;
  return `${label.padEnd(LABEL_WIDTH)} ${seconds(medianMs(measured))} ${seconds(bestMs(measured))}  ${versus} ${requestsText(measured.runs).padStart(8)} ${String(files).padStart(6)} ${String(bytes).padStart(10)}  ${contents}`;
}

function targetLine(ours: Measured, d6s: Outcome): string {
  const target = `target: import within ${TARGET}x of d6s sync pull`;
  if ("notMeasured" in d6s) return `${target}: not measurable here (d6s sync pull not measured)`;
  const versus = medianMs(ours) / medianMs(d6s);
  return `${target}: ${versus <= TARGET ? "met" : "NOT met"} (x${versus.toFixed(2)}, medians)`;
}

function report(version: string, policies: number, permissions: number, ours: Measured, d6s: Outcome): string {
  const lines = [
    `\nDirectus ${version}, ${policies} policies x ${permissions} permissions (${policies * permissions} rows); median and best of ${plural(ours.runs.length, "run")}`,
    `${"operation".padEnd(LABEL_WIDTH)} ${"median".padStart(9)} ${"best".padStart(9)}  ${"/d6s".padEnd(7)} ${"requests".padStart(8)} ${"files".padStart(6)} ${"bytes".padStart(10)}  written`,
    row("pulumi-directus import", ours, "notMeasured" in d6s ? undefined : d6s),
    "notMeasured" in d6s ? `${"d6s sync pull".padEnd(LABEL_WIDTH)} ${d6s.notMeasured}` : row("d6s sync pull", d6s, d6s),
    targetLine(ours, d6s),
  ];
  return `${lines.join("\n")}\n`;
}

interface Options {
  readonly policies: number;
  readonly permissions: number;
  readonly runs: number;
  readonly versions: string[];
}

async function benchVersion(version: string, options: Options, d6sMissing: string | undefined): Promise<string> {
  const { policies, permissions, runs } = options;
  const say = (line: string) => process.stderr.write(`Directus ${version}: ${line}\n`);
  const server = await startDirectus(version);
  const proxy = await startFaultProxy({ target: server.url });
  const workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-import-bench-"));
  try {
    say(`creating ${policies} policies x ${permissions} permissions ...`);
    await createGeneratedCollections(server, permissions);
    await createGeneratedPolicies(server.url, server.token, policies, permissions);
    say(`pulumi-directus import, ${plural(runs, "run")} ...`);
    const ours = await measureImport(proxy, server.token, workDir, runs);
    say(`d6s sync pull, ${plural(runs, "run")} ...`);
    const d6s = d6sMissing ? { notMeasured: d6sMissing } : await measureD6s(proxy, server.token, workDir, runs);
    return report(version, policies, permissions, ours, d6s);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    await proxy.close();
    await server.stop();
  }
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      policies: { type: "string", default: "100" },
      permissions: { type: "string", default: "50" },
      version: { type: "string", default: "all" },
      runs: { type: "string", default: "3" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  return {
    policies: positiveInteger("policies", values.policies),
    permissions: positiveInteger("permissions", values.permissions),
    runs: positiveInteger("runs", values.runs),
    versions: versionsFrom(values.version),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    process.stdout.write(HELP);
    return;
  }
  ensureBuilt();
  const d6sMissing = ensureD6s();
  for (const version of options.versions) process.stdout.write(await benchVersion(version, options, d6sMissing));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
