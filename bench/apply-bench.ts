/**
 * npm run bench [-- --policies 100 --permissions 50 --version all|11|12 --scale 20,100,500]
 *
 * Applies a generated configuration (policies x permissions) with the pulumi binary and measures, in
 * one run on one fresh server per Directus version:
 * - the raw baseline: the same objects created with sequential @directus/sdk calls (one request per
 *   policy plus one permission batch);
 * - this provider's `up`, no-op `preview`, no-op `refresh`, a one-permission change and `destroy`
 *   (bench/program);
 * - the engine's floor: the same resources and inputs through a dynamic provider that does nothing
 *   (bench/floor).
 * The permissions name real collections, which the benchmark creates first.
 * The provider's requests go through a counting proxy on 127.0.0.1, which reports how many HTTP
 * requests each operation sent to Directus. Prints times, ratios and request counts; there is no
 * pass/fail threshold.
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
  raw @directus/sdk calls (the baseline), this provider's up / no-op preview / no-op refresh /
  one-permission change / destroy, the engine's floor (a dynamic provider that does nothing, same
  resources and inputs), and the HTTP requests each operation sent to Directus.
--scale runs several policy counts (with M permissions each) and prints how each operation grows.
Defaults: 100 policies x 50 permissions, every pinned Directus version. No pass/fail threshold.
`;

interface Measured {
  readonly ms: number;
  readonly requests?: number;
}

interface Operation {
  readonly label: string;
  readonly provider: Measured;
  readonly floor?: Measured;
}

interface ScaleResult {
  readonly policies: number;
  readonly raw: Measured;
  readonly operations: readonly Operation[];
}

async function baseline(
  server: DirectusServer,
  proxy: FaultProxy,
  policies: number,
  permissions: number,
): Promise<Measured> {
  const before = proxy.stats.requests;
  const started = performance.now();
  const ids = await createGeneratedPolicies(proxy.url, server.token, policies, permissions);
  const ms = performance.now() - started;
  const requests = proxy.stats.requests - before;
  await deleteGeneratedPolicies(proxy.url, server.token, ids);
  return { ms, requests };
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
  const before = proxy?.stats.requests ?? 0;
  const started = performance.now();
  const result = await run();
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.output.slice(-4000)}`);
  const ms = performance.now() - started;
  return proxy ? { ms, requests: proxy.stats.requests - before } : { ms };
}

/** The five operations users run, in order, on a stack of `projectDir`. */
async function operations(stack: CliStack, proxy?: FaultProxy): Promise<Measured[]> {
  const up = await timed("pulumi up", () => stack.operation("up", ["--skip-preview"]), proxy);
  const preview = await timed("pulumi preview", () => stack.operation("preview", ["--expect-no-changes"]), proxy);
  const refresh = await timed("pulumi refresh", () => stack.operation("refresh", ["--skip-preview"]), proxy);
  await stack.setConfig("changed", "true");
  const change = await timed("pulumi up (one change)", () => stack.operation("up", ["--skip-preview"]), proxy);
  const destroy = await timed("pulumi destroy", () => stack.operation("destroy", ["--skip-preview"]), proxy);
  return [up, preview, refresh, change, destroy];
}

const LABELS = [
  "pulumi up (create everything)",
  "pulumi preview (no changes)",
  "pulumi refresh (no changes)",
  "pulumi up (one permission changed)",
  "pulumi destroy",
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
): Promise<ScaleResult> {
  const raw = await baseline(server, proxy, policies, permissions);
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

function report(version: string, permissions: number, result: ScaleResult): string {
  const { policies, raw } = result;
  const lines = [
    `\nDirectus ${version}, ${policies} policies x ${permissions} permissions (${policies * permissions} rows)`,
    `${"operation".padEnd(38)} ${"time".padStart(9)}  ${"/floor".padEnd(7)} ${"floor".padStart(9)}  ${"/raw".padEnd(7)} requests`,
    `${"raw @directus/sdk calls (baseline)".padEnd(38)} ${seconds(raw.ms)}  ${"".padEnd(7)} ${"".padStart(9)}  ${ratio(1)} ${raw.requests ?? ""}`,
  ];
  for (const { label, provider, floor } of result.operations) {
    const versusFloor = floor ? ratio(provider.ms / floor.ms) : "".padEnd(7);
    const floorTime = floor ? seconds(floor.ms) : "".padStart(9);
    lines.push(
      `${label.padEnd(38)} ${seconds(provider.ms)}  ${versusFloor} ${floorTime}  ${ratio(provider.ms / raw.ms)} ${provider.requests ?? ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function growth(version: string, permissions: number, results: readonly ScaleResult[]): string {
  const header = `${"policies".padEnd(9)} ${"rows".padStart(7)} ${"raw".padStart(9)} ${LABELS.map((l) => l.replace(/^pulumi /, "").padStart(12)).join(" ")}`;
  const rows = results.map(
    (r) =>
      `${String(r.policies).padEnd(9)} ${String(r.policies * permissions).padStart(7)} ${seconds(r.raw.ms)} ${r.operations
        .map((o) => seconds(o.provider.ms).padStart(12))
        .join(" ")}`,
  );
  return `\nGrowth on Directus ${version} (${permissions} permissions per policy; seconds per operation)\n${header}\n${rows.join("\n")}\n`;
}

/** `npm ci` in the floor project when it has not been installed (it does not depend on this package). */
function installFloor(): void {
  if (existsSync(path.join(FLOOR, "node_modules", "@pulumi", "pulumi"))) return;
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: FLOOR, stdio: "inherit" });
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
  for (const version of versions) {
    const server = await startDirectus(version);
    await createGeneratedCollections(server, permissions);
    const proxy = await startFaultProxy({ target: server.url });
    const workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-bench-"));
    try {
      const results: ScaleResult[] = [];
      for (const policies of scales) {
        const result = await measureScale(server, proxy, workDir, policies, permissions);
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
