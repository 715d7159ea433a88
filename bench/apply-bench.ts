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
 * requests (and writes) each operation sent to Directus. The runs that create everything are also
 * accounted per process (bench/accounting.ts), and repeated through a proxy that adds a fixed latency
 * each way (a remote server). Prints times, ratios, request counts and whether each target is met;
 * the exit code does not depend on the targets.
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
import { type FaultProxy, type RequestTiming, startFaultProxy } from "../test/helpers/fault-proxy";
import { type Accounting, accountingLines, type Role, startAccounting } from "./accounting";
import { D6sProject, d6sFailure, d6sSummary, type Exited, ensureD6s } from "./d6s-cli";
import {
  createGeneratedCollections,
  createGeneratedPolicies,
  deleteGeneratedPolicies,
  ratio,
  seconds,
  versionsFrom,
} from "./instance";
import { overlap } from "./intervals";
import { criticalPathLines } from "./trace";

const PROGRAM = path.join(REPO_ROOT, "bench", "program");
const FLOOR = path.join(REPO_ROOT, "bench", "floor");
const HELP = `usage: npm run bench [-- --policies N] [-- --permissions M] [-- --version all|11|12] [-- --scale N,N,...] [-- --latency MS] [-- --no-typecheck]

Applies a generated configuration (N policies x M permissions, inline) with the pulumi binary and
prints, side by side, per Directus version:
  raw @directus/sdk calls (the baseline); Directus' own d6s sync push / diff / pull (12.2.0 and
  later); this provider's up / no-op preview / no-op refresh / one-permission change / destroy, and
  up / destroy with PULUMI_SKIP_CHECKPOINTS=true; the
  engine's floor (a dynamic provider that does nothing, same resources and inputs); and the HTTP
  requests and writes each operation sent to Directus, then whether each target is met.
For the runs that create everything it also prints where the time went per process (engine,
language host, program, provider, Directus, d6s, the benchmark itself: wall, CPU and idle time, and
how busy the machine was) and when the writes reached Directus. Then the raw script, d6s push and
up once more through a proxy that adds --latency MS each way, as a server elsewhere would (0: skip;
with --scale, for the largest count only). One more up, traced by the engine (--otel-traces), and
its phases and the critical path of one resource are printed. --no-typecheck runs both Pulumi
programs without ts-node's type check (PULUMI_NODEJS_TRANSPILE_ONLY=true, what "noCheck": true in
tsconfig.json does; projects that \`import\` writes have it).
--scale runs several policy counts (with M permissions each) and prints how each operation grows.
Defaults: 100 policies x 50 permissions, 25 ms, every pinned Directus version. The exit code does
not depend on the targets.
`;

interface Measured {
  readonly ms: number;
  readonly requests?: number | undefined;
  /** Requests that change something (not GET, HEAD or SEARCH). */
  readonly writes?: number | undefined;
  /** Where the time went, per process (measured for the runs that create everything). */
  readonly accounting?: Accounting | undefined;
  /** When the writes reached Directus and how many were in flight at once. */
  readonly writeProfile?: WriteProfile | undefined;
  /** The phases and the critical path of one resource, from the engine's trace of the run. */
  readonly criticalPath?: readonly string[] | undefined;
}

/** The writes of one run as the proxy saw them. */
interface WriteProfile {
  /** From the start of the run to the first write's arrival. */
  readonly firstWriteMs: number;
  /** From the first write's arrival to the last write's answer. */
  readonly spanMs: number;
  /** Time with at least one write in flight. */
  readonly busyMs: number;
  readonly meanInFlight: number;
  readonly maxInFlight: number;
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
  /** The same raw script, d6s push and `up` against the server behind a simulated network. */
  readonly remote?: RemoteResult | undefined;
}

interface RemoteResult {
  readonly latencyMs: number;
  readonly raw: Measured;
  readonly push: Outcome;
  readonly up: Measured;
}

const READS = new Set(["GET", "HEAD", "SEARCH"]);

function writesOf(proxy: FaultProxy): number {
  return Object.entries(proxy.stats.byMethod).reduce((sum, [method, n]) => sum + (READS.has(method) ? 0 : n), 0);
}

/** The processes that live through every run: Directus, and this benchmark (raw script, proxies). */
let longLived: ReadonlyMap<number, Role> = new Map();

/**
 * Times `run`, counting the requests and writes it sent through `proxy` (when it goes through one);
 * with `account`, also where the time went per process and when its writes reached Directus.
 */
async function counted<T>(
  proxy: FaultProxy | undefined,
  run: () => Promise<T>,
  account = false,
): Promise<Measured & { result: T }> {
  const [requests, writes, seen] = proxy ? [proxy.stats.requests, writesOf(proxy), proxy.timeline.length] : [0, 0, 0];
  const accounting = account ? startAccounting(longLived) : undefined;
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  return {
    ms,
    ...(proxy
      ? {
          requests: proxy.stats.requests - requests,
          writes: writesOf(proxy) - writes,
          writeProfile: account ? writeProfile(proxy.timeline.slice(seen), started) : undefined,
        }
      : {}),
    accounting: accounting?.stop(),
    result,
  };
}

function writeProfile(timeline: readonly RequestTiming[], started: number): WriteProfile | undefined {
  const writes = timeline.filter((r) => !READS.has(r.method)).map((r) => ({ start: r.arrived, end: r.answered }));
  if (writes.length === 0) return undefined;
  const first = Math.min(...writes.map((w) => w.start));
  const { busyMs, mean, max } = overlap(writes);
  return {
    firstWriteMs: first - started,
    spanMs: Math.max(...writes.map((w) => w.end)) - first,
    busyMs,
    meanInFlight: mean,
    maxInFlight: max,
  };
}

/** A run's measurement without the run's own result. */
const measuredOf = <T>({ result: _result, ...measured }: Measured & { result?: T }): Measured => measured;

/**
 * The raw baseline, then d6s on the same objects: `sync pull` of them, `sync push` of that snapshot
 * onto the instance without them, `sync diff` with nothing left to do. Leaves no bench policy behind.
 * Both go through `proxy` (a counting one on this machine, or one that simulates a remote server).
 */
async function baselineAndD6s(
  server: DirectusServer,
  proxy: FaultProxy,
  workDir: string,
  policies: number,
  permissions: number,
  d6sMissing: string | undefined,
): Promise<{ raw: Measured; d6s: D6sResult }> {
  const created = await counted(
    proxy,
    () => createGeneratedPolicies(proxy.url, server.token, policies, permissions),
    true,
  );
  const ids = created.result;
  const remove = () => deleteGeneratedPolicies(server.url, server.token, ids);
  if (d6sMissing) {
    await remove();
    const notMeasured = { notMeasured: d6sMissing };
    return { raw: measuredOf(created), d6s: { push: notMeasured, diff: notMeasured, pull: notMeasured } };
  }
  const project = new D6sProject(
    path.join(workDir, `d6s${policies}-${randomBytes(3).toString("hex")}`),
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
    const push = d6sOutcome("push", await counted(proxy, () => project.push(), true));
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

/** Set by --no-typecheck: the programs run without ts-node's type check (as `"noCheck": true` does). */
let programEnv: Record<string, string> = {};

function newStack(projectDir: string, workDir: string, name: string): CliStack {
  return new CliStack({
    env: programEnv,
    projectDir,
    stackName: `${name}${randomBytes(3).toString("hex")}`,
    stateDir: path.join(workDir, name, "state"),
    homeDir: path.join(workDir, name, "home"),
    passphrase: randomBytes(16).toString("hex"),
  });
}

async function timed(what: string, run: () => Promise<CliRun>, proxy?: FaultProxy, account = false): Promise<Measured> {
  const measured = await counted(proxy, run, account);
  if (measured.result.code !== 0) throw new Error(`${what} failed:\n${measured.result.output.slice(-4000)}`);
  return measuredOf(measured);
}

/** One step of the sequence every stack goes through; `account` also accounts it per process. */
interface Step {
  /** The row of the tables, and what a failure names. */
  readonly label: string;
  readonly args: readonly string[];
  readonly operation: "up" | "preview" | "refresh" | "destroy";
  readonly env?: Record<string, string>;
  readonly before?: (stack: CliStack) => Promise<void>;
  readonly account?: boolean;
}

// The engine rewrites the whole state file after every step, which grows with the square of the
// stack's size; the last two are the same up and destroy with the engine's setting that writes it once.
const ONCE = { PULUMI_SKIP_CHECKPOINTS: "true" };
const STEPS: readonly Step[] = [
  {
    label: "pulumi up (create everything)",
    operation: "up",
    args: ["--skip-preview"],
    account: true,
  },
  {
    label: "pulumi preview (no changes)",
    operation: "preview",
    args: ["--expect-no-changes"],
  },
  { label: "pulumi refresh (no changes)", operation: "refresh", args: ["--skip-preview"] },
  {
    label: "pulumi up (one permission changed)",
    operation: "up",
    args: ["--skip-preview"],
    before: (stack) => stack.setConfig("changed", "true"),
  },
  { label: "pulumi destroy", operation: "destroy", args: ["--skip-preview"] },
  {
    label: "up, PULUMI_SKIP_CHECKPOINTS=true",
    operation: "up",
    args: ["--skip-preview"],
    env: ONCE,
  },
  {
    label: "destroy, PULUMI_SKIP_CHECKPOINTS=true",
    operation: "destroy",
    args: ["--skip-preview"],
    env: ONCE,
  },
];

const LABELS = STEPS.map((step) => step.label);

/**
 * The operations users run, in order, on this provider's stack and on the floor's, taking turns
 * step by step: a slow spell of a shared machine then lands on both sides of a ratio, not on one.
 */
async function operations(
  ours: CliStack,
  floor: CliStack,
  proxy: FaultProxy,
): Promise<{ ours: Measured[]; floor: Measured[] }> {
  const measured = { ours: [] as Measured[], floor: [] as Measured[] };
  for (const step of STEPS) {
    for (const [side, stack] of [
      ["ours", ours],
      ["floor", floor],
    ] as const) {
      await step.before?.(stack);
      const run = () => stack.operation(step.operation, [...step.args], step.env);
      const label = side === "ours" ? step.label : `${step.label} (engine floor)`;
      measured[side].push(await timed(label, run, side === "ours" ? proxy : undefined, step.account === true));
    }
  }
  return measured;
}

/**
 * One more `up` of everything, traced by the engine (--otel-traces: it records every call with its
 * payload, which slows the run, so it is not one of the timed runs), read for its phases and the
 * critical path of one resource; then the stack is destroyed again.
 */
async function tracedUp(stack: CliStack, trace: string): Promise<string[]> {
  const up = await stack.operation("up", ["--skip-preview", "--otel-traces", `file://${trace}`]);
  if (up.code !== 0) throw new Error(`traced pulumi up failed:\n${up.output.slice(-4000)}`);
  const lines = criticalPathLines(trace);
  const destroy = await stack.operation("destroy", ["--skip-preview"], ONCE);
  if (destroy.code !== 0) throw new Error(`pulumi destroy after the traced up failed:\n${destroy.output.slice(-4000)}`);
  return lines;
}

async function configured(stack: CliStack, config: Record<string, string>, secret: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
  for (const [key, value] of Object.entries(secret)) await stack.setConfig(key, value, true);
}

/** Where the benchmark's runs send their requests. */
interface Proxies {
  /** Counts requests on this machine. */
  readonly local: FaultProxy;
  /** Adds a fixed latency each way, as a server elsewhere would; undefined with --latency 0. */
  readonly remote?: FaultProxy | undefined;
  readonly latencyMs: number;
}

async function measureScale(
  server: DirectusServer,
  proxies: Proxies,
  workDir: string,
  policies: number,
  permissions: number,
  d6sMissing: string | undefined,
  largest: boolean,
): Promise<ScaleResult> {
  const proxy = proxies.local;
  const { raw, d6s } = await baselineAndD6s(server, proxy, workDir, policies, permissions, d6sMissing);
  const provider = newStack(PROGRAM, workDir, `bench${policies}`);
  const floor = newStack(FLOOR, workDir, `floor${policies}`);
  try {
    await configured(provider, programConfig(proxy.url, policies, permissions), { "directus:token": server.token });
    await configured(floor, {
      "directus-bench-floor:policies": String(policies),
      "directus-bench-floor:permissions": String(permissions),
    });
    const both = await operations(provider, floor, proxy);
    const engine = both.floor;
    const [firstUp, ...rest] = both.ours;
    const criticalPath = largest ? await tracedUp(provider, path.join(workDir, `up-${policies}.otel.json`)) : undefined;
    const ours = firstUp ? [{ ...firstUp, criticalPath }, ...rest] : both.ours;
    const remote =
      proxies.remote && largest
        ? await measureRemote(server, proxies.remote, proxies.latencyMs, workDir, policies, permissions, d6sMissing)
        : undefined;
    return {
      policies,
      raw,
      d6s,
      operations: LABELS.map((label, i) => ({
        label,
        provider: ours[i] ?? { ms: Number.NaN },
        ...(engine[i] ? { floor: engine[i] } : {}),
      })),
      remote,
    };
  } finally {
    provider.forget();
    floor.forget();
  }
}

function programConfig(url: string, policies: number, permissions: number): Record<string, string> {
  return {
    "directus:url": url,
    "directus-bench:policies": String(policies),
    "directus-bench:permissions": String(permissions),
  };
}

/** The raw script, d6s push and `up` once more, each request paying the simulated round trip. */
async function measureRemote(
  server: DirectusServer,
  proxy: FaultProxy,
  latencyMs: number,
  workDir: string,
  policies: number,
  permissions: number,
  d6sMissing: string | undefined,
): Promise<RemoteResult> {
  const { raw, d6s } = await baselineAndD6s(server, proxy, workDir, policies, permissions, d6sMissing);
  const stack = newStack(PROGRAM, workDir, `remote${policies}`);
  try {
    await configured(stack, programConfig(proxy.url, policies, permissions), { "directus:token": server.token });
    const up = await timed("pulumi up (remote)", () => stack.operation("up", ["--skip-preview"]), proxy, true);
    await timed("pulumi destroy (remote)", () => stack.operation("destroy", ["--skip-preview"]));
    return { latencyMs, raw, push: d6s.push, up };
  } finally {
    stack.forget();
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

const verdict = (met: boolean) => (met ? "met" : "NOT met");
const times = (value: number) => `x${value.toFixed(2)}`;

/** The targets, each with the measured ratio or count that decides it. */
function targets(result: ScaleResult): string[] {
  const [up, preview, refresh, change] = result.operations;
  const versusFloor = (what: string, o: Operation | undefined) =>
    o?.floor
      ? `${what} <= 1.2x the engine floor: ${verdict(o.provider.ms <= 1.2 * o.floor.ms)} (${times(o.provider.ms / o.floor.ms)})`
      : `${what}: not measured`;
  const lines = [
    versusFloor("no-op preview", preview),
    versusFloor("no-op refresh", refresh),
    versusFloor("one permission changed", change),
  ];
  if (up?.floor) {
    const slowest = Math.max(up.floor.ms, result.raw.ms);
    const which = up.floor.ms >= result.raw.ms ? "the engine floor" : "the raw script";
    lines.push(
      `up <= 1.2x max(engine floor, raw script): ${verdict(up.provider.ms <= 1.2 * slowest)} (${times(up.provider.ms / slowest)} of ${which})`,
    );
    const push = result.d6s.push;
    lines.push(
      notMeasured(push)
        ? `up faster than d6s sync push on this machine: not measurable (${push.notMeasured})`
        : `up faster than d6s sync push on this machine: ${verdict(up.provider.ms < push.ms)} (${times(up.provider.ms / push.ms)})`,
    );
  }
  const fastUp = result.operations[5];
  if (fastUp) {
    const raw = fastUp.provider.ms / result.raw.ms;
    lines.push(`up with PULUMI_SKIP_CHECKPOINTS=true <= 1.2x the raw script: ${verdict(raw <= 1.2)} (${times(raw)})`);
  }
  const remote = result.remote;
  if (remote) {
    const each = `${remote.latencyMs} ms each way`;
    lines.push(
      notMeasured(remote.push)
        ? `remote (${each}): up ahead of d6s sync push: not measurable (${remote.push.notMeasured})`
        : `remote (${each}): up ahead of d6s sync push: ${verdict(remote.up.ms < remote.push.ms)} (${times(remote.up.ms / remote.push.ms)})`,
      `remote (${each}): up ahead of the sequential raw script: ${verdict(remote.up.ms < remote.raw.ms)} (${times(remote.up.ms / remote.raw.ms)})`,
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

/** Per-process accounting of the runs that create everything, and when their writes reached Directus. */
function whereTheTimeWent(title: string, runs: readonly [string, Outcome | undefined][]): string[] {
  const lines = [title];
  for (const [what, run] of runs) {
    if (!run || notMeasured(run) || !run.accounting) continue;
    lines.push(...accountingLines(what, run.accounting));
    lines.push(...(run.criticalPath ?? []));
    const w = run.writeProfile;
    if (w) {
      lines.push(
        `    writes: first at ${(w.firstWriteMs / 1000).toFixed(2)} s, then ${(w.spanMs / 1000).toFixed(2)} s to the last answer; Directus had one in flight ${((w.busyMs / Math.max(1, w.spanMs)) * 100).toFixed(0)}% of that time, ${w.meanInFlight.toFixed(1)} at once on average (at most ${w.maxInFlight})`,
      );
    }
  }
  return lines;
}

function remoteTable(version: string, remote: RemoteResult): string[] {
  const { raw, push, up } = remote;
  const versusPush = notMeasured(push) ? undefined : push;
  return [
    `\nRemote server: Directus ${version} behind a proxy adding ${remote.latencyMs} ms each way (${2 * remote.latencyMs} ms per round trip)`,
    `${"operation".padEnd(38)} ${"time".padStart(9)}  ${"/raw".padEnd(7)} ${"/d6s".padEnd(7)} requests`,
    remoteLine("raw @directus/sdk calls (sequential)", raw, raw, versusPush),
    notMeasured(push)
      ? `${"d6s sync push (create everything)".padEnd(38)} ${push.notMeasured}`
      : remoteLine("d6s sync push (create everything)", push, raw, versusPush),
    remoteLine("pulumi up (create everything)", up, raw, versusPush),
    ...whereTheTimeWent(`\nWhere the time went, remote (Directus ${version})`, [
      ["raw script", raw],
      ["d6s sync push", push],
      ["pulumi up", up],
    ]),
  ];
}

function remoteLine(label: string, m: Measured, raw: Measured, push: Measured | undefined): string {
  return `${label.padEnd(38)} ${seconds(m.ms)}  ${ratio(m.ms / raw.ms)} ${push ? ratio(m.ms / push.ms) : "".padEnd(7)} ${counts(m)}`;
}

function report(version: string, permissions: number, result: ScaleResult): string {
  const { policies, raw, d6s } = result;
  const d6sLine = (label: string, o: Outcome) =>
    notMeasured(o) ? `${label.padEnd(38)} ${o.notMeasured}` : line(label, o, { raw });
  // up is compared with d6s sync push, the no-op preview with sync diff, the no-op refresh with sync pull.
  const versusD6s = [d6s.push, d6s.diff, d6s.pull];
  const [up] = result.operations;
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
    ...whereTheTimeWent(`\nWhere the time went, this machine (Directus ${version})`, [
      ["raw script", raw],
      ["d6s sync push", d6s.push],
      ["pulumi up", up?.provider],
      ["engine floor: pulumi up", up?.floor],
    ]),
    ...(result.remote ? remoteTable(version, result.remote) : []),
    "",
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
      latency: { type: "string", default: "25" },
      "no-typecheck": { type: "boolean", default: false },
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
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(latencyMs) || latencyMs < 0) {
    throw new Error(`--latency must be a whole number of milliseconds (0: no remote scenario).\n\n${HELP}`);
  }
  if (values["no-typecheck"]) programEnv = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
  const versions = versionsFrom(values.version);
  preparePackageIn(PROGRAM);
  installFloor();
  const d6sInstalled = ensureD6s();
  for (const version of versions) {
    const server = await startDirectus(version);
    const d6sMissing = d6sInstalled ?? d6sRefusal(version);
    await createGeneratedCollections(server, permissions);
    longLived = new Map<number, Role>([
      ...(server.pid === undefined ? [] : [[server.pid, "Directus"] as const]),
      [process.pid, "benchmark"],
    ]);
    const proxy = await startFaultProxy({ target: server.url, recordTimeline: true });
    const remote =
      latencyMs > 0 ? await startFaultProxy({ target: server.url, latencyMs, recordTimeline: true }) : undefined;
    const workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-bench-"));
    try {
      const results: ScaleResult[] = [];
      for (const policies of scales) {
        const proxies = { local: proxy, remote, latencyMs };
        // The traced up and the remote scenario repeat the largest scale only (they are not about growth).
        const largest = policies === Math.max(...scales);
        const result = await measureScale(server, proxies, workDir, policies, permissions, d6sMissing, largest);
        results.push(result);
        process.stdout.write(report(version, permissions, result));
      }
      if (results.length > 1) process.stdout.write(growth(version, permissions, results));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      await proxy.close();
      await remote?.close();
      await server.stop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
