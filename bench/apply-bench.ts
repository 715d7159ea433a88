/**
 * npm run bench [-- --policies 100 --permissions 50 --version all|11|12 --scale 20,100,500]
 *
 * Applies a generated configuration (policies x permissions) with the pulumi binary and measures, in
 * one run on one fresh server per Directus version:
 * - the raw baseline: the same objects created with sequential @directus/sdk calls (one request per
 *   policy plus one permission batch);
 * - Directus' own Environment Sync (`d6s sync push` of a snapshot of the baseline's objects, `d6s sync
 *   diff` with nothing to do, `d6s sync pull`; bench/d6s-cli.ts), on Directus 12.2.0 and later;
 * - this provider's `up`, no-op `preview`, no-op `refresh`, a one-permission change and `destroy`
 *   (bench/program), then `up` and `destroy` again with PULUMI_SKIP_CHECKPOINTS=true (the engine
 *   writes the state once instead of after every step);
 * - the engine's floor: the same resources and inputs through a dynamic provider that does nothing
 *   (bench/floor).
 * The permissions name real collections, which the benchmark creates first.
 * The provider's requests go through a counting proxy on 127.0.0.1, which reports how many HTTP
 * requests (and writes) each operation sent to Directus. Prints times, ratios, request counts and
 * whether each of issue 11's targets is met; the exit code does not depend on the targets.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { preparePackageIn } from "../scripts/project-install";
import { type CliRun, CliStack } from "../scripts/pulumi-cli";
import { type DirectusServer, REPO_ROOT, startDirectus } from "../test/helpers/directus";
import { type FaultProxy, startFaultProxy } from "../test/helpers/fault-proxy";
import { D6sProject, d6sFailure, d6sSummary, type Exited, ensureD6s } from "./d6s-cli";
import {
  createGeneratedCollections,
  createGeneratedPolicies,
  deleteGeneratedPolicies,
  ratio,
  seconds,
  versionsFrom,
} from "./instance";

const PROGRAM = path.join(REPO_ROOT, "bench", "program");
const FLOOR = path.join(REPO_ROOT, "bench", "floor");
const HELP = `usage: npm run bench [-- --policies N] [-- --permissions M] [-- --version all|11|12] [-- --scale N,N,...]

Applies a generated configuration (N policies x M permissions, inline) with the pulumi binary and
prints, side by side, per Directus version:
  raw @directus/sdk calls (the baseline); Directus' own d6s sync push / diff / pull (12.2.0 and
  later); this provider's up / no-op preview / no-op refresh / one-permission change / destroy, and
  up / destroy with PULUMI_SKIP_CHECKPOINTS=true; the
  engine's floor (a dynamic provider that does nothing, same resources and inputs); and the HTTP
  requests and writes each operation sent to Directus, then whether each target is met.
--scale runs several policy counts (with M permissions each) and prints how each operation grows.
Defaults: 100 policies x 50 permissions, every pinned Directus version. The exit code does not
depend on the targets.
`;

interface Measured {
  readonly ms: number;
  readonly requests?: number | undefined;
  /** Requests that change something (not GET, HEAD or SEARCH). */
  readonly writes?: number | undefined;
}

/** Measured, or why not ("unavailable: ..."). */
type Outcome = Measured | NotMeasured;

interface NotMeasured {
  readonly notMeasured: string;
}

interface D6sResult {
  readonly push: Outcome;
  readonly diff: Outcome;
  readonly pull: Outcome;
}

interface Operation {
  readonly label: string;
  readonly provider: Measured;
  readonly floor?: Measured;
}

interface ScaleResult {
  readonly policies: number;
  readonly raw: Measured;
  readonly d6s: D6sResult;
  readonly operations: readonly Operation[];
}

const READS = new Set(["GET", "HEAD", "SEARCH"]);

function writesOf(proxy: FaultProxy): number {
  return Object.entries(proxy.stats.byMethod).reduce((sum, [method, n]) => sum + (READS.has(method) ? 0 : n), 0);
}

/** Times `run`, counting the requests and writes it sent through `proxy`. */
async function counted<T>(proxy: FaultProxy, run: () => Promise<T>): Promise<Measured & { result: T }> {
  const [requests, writes] = [proxy.stats.requests, writesOf(proxy)];
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  return { ms, requests: proxy.stats.requests - requests, writes: writesOf(proxy) - writes, result };
}

const measuredOf = ({ ms, requests, writes }: Measured): Measured => ({ ms, requests, writes });

/**
 * The raw baseline, then d6s on the same objects: `sync pull` of them, `sync push` of that snapshot
 * onto the instance without them, `sync diff` with nothing left to do. Leaves no bench policy behind.
 */
async function baselineAndD6s(
  server: DirectusServer,
  proxy: FaultProxy,
  workDir: string,
  policies: number,
  permissions: number,
  d6sMissing: string | undefined,
): Promise<{ raw: Measured; d6s: D6sResult }> {
  const created = await counted(proxy, () => createGeneratedPolicies(proxy.url, server.token, policies, permissions));
  const ids = created.result;
  const remove = () => deleteGeneratedPolicies(server.url, server.token, ids);
  if (d6sMissing) {
    await remove();
    const notMeasured = { notMeasured: d6sMissing };
    return { raw: measuredOf(created), d6s: { push: notMeasured, diff: notMeasured, pull: notMeasured } };
  }
  const project = new D6sProject(
    path.join(workDir, `d6s${policies}`),
    proxy.url,
    server.token,
    path.join(workDir, "d6s-home"),
  );
  try {
    const pull = await counted(proxy, () => project.pull());
    if (pull.result.code !== 0) {
      const notMeasured = { notMeasured: d6sFailure(pull.result) };
      return { raw: measuredOf(created), d6s: { push: notMeasured, diff: notMeasured, pull: notMeasured } };
    }
    await remove();
    const push = d6sOutcome("push", await counted(proxy, () => project.push()));
    const diff = d6sOutcome("diff", await counted(proxy, () => project.diff()));
    return { raw: measuredOf(created), d6s: { push, diff, pull: d6sOutcome("pull", pull) } };
  } finally {
    await remove();
  }
}

/** A d6s run as a measurement; a failed run, or a diff that still sees changes after the push, is an error. */
function d6sOutcome(what: "push" | "diff" | "pull", run: Measured & { result: Exited }): Measured {
  if (run.result.code !== 0) throw new Error(`d6s sync ${what} failed: ${d6sFailure(run.result)}`);
  if (what === "diff" && d6sSummary<{ changes: boolean }>(run.result).changes !== false) {
    throw new Error(`d6s sync diff still sees changes after d6s sync push:\n${run.result.stdout.slice(0, 2000)}`);
  }
  return measuredOf(run);
}

function newStack(projectDir: string, workDir: string, name: string): CliStack {
  return new CliStack({
    projectDir,
    stackName: `${name}${randomBytes(3).toString("hex")}`,
    stateDir: path.join(workDir, name, "state"),
    homeDir: path.join(workDir, name, "home"),
    passphrase: randomBytes(16).toString("hex"),
  });
}

async function timed(what: string, run: () => Promise<CliRun>, proxy?: FaultProxy): Promise<Measured> {
  const measured = proxy
    ? await counted(proxy, run)
    : await (async () => {
        const started = performance.now();
        const result = await run();
        return { ms: performance.now() - started, result };
      })();
  if (measured.result.code !== 0) throw new Error(`${what} failed:\n${measured.result.output.slice(-4000)}`);
  return measuredOf(measured);
}

/** The five operations users run, in order, on a stack of `projectDir`. */
async function operations(stack: CliStack, proxy?: FaultProxy): Promise<Measured[]> {
  const up = await timed("pulumi up", () => stack.operation("up", ["--skip-preview"]), proxy);
  const preview = await timed("pulumi preview", () => stack.operation("preview", ["--expect-no-changes"]), proxy);
  const refresh = await timed("pulumi refresh", () => stack.operation("refresh", ["--skip-preview"]), proxy);
  await stack.setConfig("changed", "true");
  const change = await timed("pulumi up (one change)", () => stack.operation("up", ["--skip-preview"]), proxy);
  const destroy = await timed("pulumi destroy", () => stack.operation("destroy", ["--skip-preview"]), proxy);
  // The engine rewrites the whole state file after every step, which grows with the square of the
  // stack's size; this is the same up and destroy with the engine's setting that writes it once.
  const once = { PULUMI_SKIP_CHECKPOINTS: "true" };
  const fastUp = await timed(
    "pulumi up (skip checkpoints)",
    () => stack.operation("up", ["--skip-preview"], once),
    proxy,
  );
  const fastDestroy = await timed(
    "pulumi destroy (skip checkpoints)",
    () => stack.operation("destroy", ["--skip-preview"], once),
    proxy,
  );
  return [up, preview, refresh, change, destroy, fastUp, fastDestroy];
}

const LABELS = [
  "pulumi up (create everything)",
  "pulumi preview (no changes)",
  "pulumi refresh (no changes)",
  "pulumi up (one permission changed)",
  "pulumi destroy",
  "up, PULUMI_SKIP_CHECKPOINTS=true",
  "destroy, PULUMI_SKIP_CHECKPOINTS=true",
];

async function configured(stack: CliStack, config: Record<string, string>, secret: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
  for (const [key, value] of Object.entries(secret)) await stack.setConfig(key, value, true);
}

async function measureScale(
  server: DirectusServer,
  proxy: FaultProxy,
  workDir: string,
  policies: number,
  permissions: number,
  d6sMissing: string | undefined,
): Promise<ScaleResult> {
  const { raw, d6s } = await baselineAndD6s(server, proxy, workDir, policies, permissions, d6sMissing);
  const provider = newStack(PROGRAM, workDir, `bench${policies}`);
  const floor = newStack(FLOOR, workDir, `floor${policies}`);
  try {
    await configured(
      provider,
      {
        "directus:url": proxy.url,
        "directus-bench:policies": String(policies),
        "directus-bench:permissions": String(permissions),
      },
      { "directus:token": server.token },
    );
    await configured(floor, {
      "directus-bench-floor:policies": String(policies),
      "directus-bench-floor:permissions": String(permissions),
    });
    const ours = await operations(provider, proxy);
    const engine = await operations(floor);
    return {
      policies,
      raw,
      d6s,
      operations: LABELS.map((label, i) => ({
        label,
        provider: ours[i] ?? { ms: Number.NaN },
        ...(engine[i] ? { floor: engine[i] } : {}),
      })),
    };
  } finally {
    provider.forget();
    floor.forget();
  }
}

function notMeasured(o: Outcome): o is NotMeasured {
  return "notMeasured" in o;
}
const counts = (m: Measured) => (m.requests === undefined ? "" : `${m.requests} (${m.writes ?? 0} writes)`);

function line(
  label: string,
  m: Measured,
  columns: { floor?: Measured | undefined; raw?: Measured; d6s?: Outcome | undefined },
): string {
  const versus = (other: Measured | undefined) => (other ? ratio(m.ms / other.ms) : "".padEnd(7));
  const d6s = columns.d6s && !notMeasured(columns.d6s) ? columns.d6s : undefined;
  const floorTime = columns.floor ? seconds(columns.floor.ms) : "".padStart(9);
  return `${label.padEnd(38)} ${seconds(m.ms)}  ${versus(columns.floor)} ${floorTime}  ${versus(columns.raw)} ${versus(d6s)} ${counts(m)}`;
}

/** Issue 11's targets, each with the measured ratio or count that decides it. */
function targets(result: ScaleResult): string[] {
  const [up, preview, refresh, change] = result.operations;
  const verdict = (met: boolean) => (met ? "met" : "NOT met");
  const versusFloor = (what: string, o: Operation | undefined) =>
    o?.floor
      ? `${what} <= 1.25x the engine floor: ${verdict(o.provider.ms <= 1.25 * o.floor.ms)} (x${(o.provider.ms / o.floor.ms).toFixed(2)})`
      : `${what}: not measured`;
  const lines = [versusFloor("no-op preview", preview), versusFloor("no-op refresh", refresh)];
  if (up) {
    const raw = up.provider.ms / result.raw.ms;
    lines.push(`up <= 1.2x the raw SDK baseline: ${verdict(raw <= 1.2)} (x${raw.toFixed(2)})`);
    const push = result.d6s.push;
    lines.push(
      notMeasured(push)
        ? `up faster than d6s sync push: not measurable (${push.notMeasured})`
        : `up faster than d6s sync push: ${verdict(up.provider.ms < push.ms)} (x${(up.provider.ms / push.ms).toFixed(2)})`,
    );
  }
  const fastUp = result.operations[5];
  if (fastUp) {
    const raw = fastUp.provider.ms / result.raw.ms;
    lines.push(
      `up with PULUMI_SKIP_CHECKPOINTS=true <= 1.2x the raw SDK baseline: ${verdict(raw <= 1.2)} (x${raw.toFixed(2)})`,
    );
  }
  if (change)
    lines.push(
      `one permission changed sends one write: ${verdict(change.provider.writes === 1)} (${change.provider.writes ?? "?"} writes)`,
    );
  if (preview)
    lines.push(
      `no-op preview reads a bounded number of times: ${preview.provider.requests ?? "?"} requests for ${result.policies} policies`,
    );
  return lines.map((l) => `  target: ${l}`);
}

function report(version: string, permissions: number, result: ScaleResult): string {
  const { policies, raw, d6s } = result;
  const d6sLine = (label: string, o: Outcome) =>
    notMeasured(o) ? `${label.padEnd(38)} ${o.notMeasured}` : line(label, o, { raw });
  // up is compared with d6s sync push, the no-op preview with sync diff, the no-op refresh with sync pull.
  const versusD6s = [d6s.push, d6s.diff, d6s.pull];
  const lines = [
    `\nDirectus ${version}, ${policies} policies x ${permissions} permissions (${policies * permissions} rows)`,
    `${"operation".padEnd(38)} ${"time".padStart(9)}  ${"/floor".padEnd(7)} ${"floor".padStart(9)}  ${"/raw".padEnd(7)} ${"/d6s".padEnd(7)} requests`,
    line("raw @directus/sdk calls (baseline)", raw, { raw }),
    d6sLine("d6s sync push (create everything)", d6s.push),
    d6sLine("d6s sync diff (no changes)", d6s.diff),
    d6sLine("d6s sync pull", d6s.pull),
    ...result.operations.map((o, i) =>
      line(o.label, o.provider, {
        floor: o.floor,
        raw,
        d6s: versusD6s[i],
      }),
    ),
    ...targets(result),
  ];
  return `${lines.join("\n")}\n`;
}

function growth(version: string, permissions: number, results: readonly ScaleResult[]): string {
  const header = `${"policies".padEnd(9)} ${"rows".padStart(7)} ${"raw".padStart(9)} ${LABELS.map((l) => l.replace(/^pulumi /, "").padStart(12)).join(" ")}`;
  const table = (cell: (ms: number, rows: number) => string) =>
    results.map((r) => {
      const rows = r.policies * permissions;
      const cells = [r.raw, ...r.operations.map((o) => o.provider)].map((m) => cell(m.ms, rows).padStart(12));
      return `${String(r.policies).padEnd(9)} ${String(rows).padStart(7)} ${cells.join(" ")}`;
    });
  // Linear growth keeps the second table's columns flat (or falling, as fixed start-up costs spread).
  const perRows = (ms: number, rows: number) => `${((ms / rows) * 100).toFixed(1)} ms`;
  return [
    `\nGrowth on Directus ${version} (${permissions} permissions per policy; seconds per operation)`,
    header,
    ...table((ms) => seconds(ms)),
    "\nThe same, in milliseconds per 100 rows",
    header,
    ...table(perRows),
    "",
  ].join("\n");
}

/** `npm ci` in the floor project when it has not been installed (it does not depend on this package). */
function installFloor(): void {
  if (existsSync(path.join(FLOOR, "node_modules", "@pulumi", "pulumi"))) return;
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: FLOOR, stdio: "inherit" });
}

/** d6s refuses Directus below 12.2.0 (its own check; the benchmark says so instead of running it). */
function d6sRefusal(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 12 || (major === 12 && minor >= 2)
    ? undefined
    : `unavailable: d6s needs Directus 12.2.0 or later, this is ${version}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      policies: { type: "string", default: "100" },
      permissions: { type: "string", default: "50" },
      version: { type: "string", default: "all" },
      scale: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const permissions = Number(values.permissions);
  const scales = (values.scale ?? values.policies).split(",").map(Number);
  if (!Number.isInteger(permissions) || scales.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`--policies/--scale and --permissions must be positive whole numbers.\n\n${HELP}`);
  }
  const versions = versionsFrom(values.version);
  preparePackageIn(PROGRAM);
  installFloor();
  const d6sInstalled = ensureD6s();
  for (const version of versions) {
    const server = await startDirectus(version);
    const d6sMissing = d6sInstalled ?? d6sRefusal(version);
    await createGeneratedCollections(server, permissions);
    const proxy = await startFaultProxy({ target: server.url });
    const workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-bench-"));
    try {
      const results: ScaleResult[] = [];
      for (const policies of scales) {
        const result = await measureScale(server, proxy, workDir, policies, permissions, d6sMissing);
        results.push(result);
        process.stdout.write(report(version, permissions, result));
      }
      if (results.length > 1) process.stdout.write(growth(version, permissions, results));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      await proxy.close();
      await server.stop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
