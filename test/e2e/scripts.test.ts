/**
 * The developer commands the README lists, run as written: `npm run stack`, `npm run directus`,
 * `npm run bench` and `npm run bench:import` (at a tiny scale: the point is that the command works, not its numbers).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";

interface NpmRun {
  readonly code: number | null;
  readonly output: string;
}

function npmRun(script: string, args: string[], env: Record<string, string> = {}): Promise<NpmRun> {
  const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DIRECTUS_URL: "", DIRECTUS_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

const version = DIRECTUS_VERSIONS[0] ?? "11.17.4";
/** d6s (Directus' own CLI, beside which both benchmarks run) needs Directus 12.2.0 or later: the newest pinned release has it. */
const newest = DIRECTUS_VERSIONS.at(-1) ?? "12.4.0";

describe("npm run stack", () => {
  const live = useDirectus(version);
  const stackName = `s${Date.now().toString(36)}`;
  const passphrase = { PULUMI_CONFIG_PASSPHRASE: "stack-script-test" };
  afterAll(() => rmSync(path.join(REPO_ROOT, "examples", "smoke", `Pulumi.${stackName}.yaml`), { force: true }));

  it("runs up, export and destroy with the pulumi binary in the project folder, never printing secrets", async () => {
    const common = ["--program", "examples/smoke", "--stack", stackName];
    const config = [
      "--config",
      `directus:url=${live.server.url}`,
      "--secret-config",
      `directus:token=${live.server.token}`,
      "--config",
      "directus-smoke:roleName=Script Editors",
    ];
    const up = await npmRun("stack", ["up", ...common, ...config], passphrase);
    if (up.code !== 0) throw new Error(`npm run stack -- up failed:\n${up.output}`);
    expect(up.output).toMatch(/\+ 2 created/);
    const roles = await restData<{ name: string }[]>(live.server, "GET", "/roles?filter[name][_eq]=Script Editors");
    expect(roles).toHaveLength(1);

    const exported = await npmRun("stack", ["export", ...common], passphrase);
    expect(exported.code).toBe(0);
    expect(exported.output).toContain('"type": "pulumi-nodejs:dynamic/directus:Role"');
    expect(exported.output).not.toContain(live.server.token);

    const noChanges = await npmRun("stack", ["preview", ...common, "--", "--expect-no-changes"], passphrase);
    expect(noChanges.code).toBe(0);

    const destroyed = await npmRun("stack", ["destroy", ...common], passphrase);
    expect(destroyed.code).toBe(0);
    expect(await restData(live.server, "GET", "/roles?filter[name][_eq]=Script Editors")).toEqual([]);
  });

  it("shows a guardrail refusing a change, as the README's guardrails command does", async () => {
    const guarded = `${stackName}g`;
    try {
      const refused = await npmRun(
        "stack",
        [
          "preview",
          "--program",
          "examples/guardrails",
          "--stack",
          guarded,
          "--config",
          "directus-guardrails:scenario=DSEC-001",
          "--config",
          `directus:url=${live.server.url}`,
          "--secret-config",
          `directus:token=${live.server.token}`,
        ],
        passphrase,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain("[DSEC-001 public-write]");
    } finally {
      rmSync(path.join(REPO_ROOT, "examples", "guardrails", `Pulumi.${guarded}.yaml`), { force: true });
    }
  });
});

describe("npm run directus", () => {
  it("starts a Directus on 127.0.0.1, prints how to reach it, and stops on Ctrl-C", async () => {
    const child = spawn("npm", ["run", "--silent", "directus", "--", "start", "--version", version], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!/admin token:\s+\S+/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const url = output.match(/is running at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      const token = output.match(/admin token:\s+(\S+)/)?.[1];
      if (!url || !token) throw new Error(`no URL or token printed:\n${output}`);
      const server = { url, token } as Parameters<typeof rest>[0];
      expect((await rest(server, "GET", "/server/info")).status).toBe(200);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGINT");
    }
    await closed;
  });
});

describe("npm run bench", () => {
  it("applies, previews and destroys a generated configuration, runs d6s beside it and prints the ratios", async () => {
    // --no-typecheck: the programs start without ts-node's type check, as projects import writes do.
    const bench = await npmRun("bench", [
      "--no-typecheck",
      "--scale",
      "1,2",
      "--permissions",
      "3",
      "--version",
      newest.split(".")[0] ?? "",
    ]);
    if (bench.code !== 0) throw new Error(`npm run bench failed:\n${bench.output}`);
    expect(bench.output).toMatch(/1 policies x 3 permissions \(3 rows\)/);
    expect(bench.output).toMatch(/2 policies x 3 permissions \(6 rows\)/);
    // --scale ends with the growth table: one row per policy count, the raw baseline and each operation.
    expect(bench.output).toMatch(/Growth on Directus [\d.]+ \(3 permissions per policy; seconds per operation\)/);
    expect(bench.output).toMatch(/\n2\s+6(\s+[\d.]+ s){8}\n/);
    const label = (text: string) => text.replace(/[()]/g, "\\$&");
    // time, ratio to the engine's floor, the floor's time, ratio to the raw baseline, [ratio to d6s,] requests (writes).
    const row = (text: string, versusD6s: boolean) =>
      new RegExp(
        `${label(text)}\\s+[\\d.]+ s\\s+x[\\d.]+\\s+[\\d.]+ s\\s+x[\\d.]+\\s+${versusD6s ? "x[\\d.]+\\s+" : ""}\\d+ \\(\\d+ writes\\)`,
      );
    expect(bench.output).toMatch(/raw @directus\/sdk calls \(baseline\)\s+[\d.]+ s\s+x1\.00\s+4 \(4 writes\)\n/);
    expect(bench.output).toMatch(/raw @directus\/sdk calls \(baseline\)\s+[\d.]+ s\s+x1\.00\s+2 \(2 writes\)\n/);
    for (const d6s of ["d6s sync push (create everything)", "d6s sync diff (no changes)", "d6s sync pull"]) {
      expect(bench.output).toMatch(new RegExp(`${label(d6s)}\\s+[\\d.]+ s\\s+x[\\d.]+\\s+\\d+ \\(\\d+ writes\\)`));
    }
    for (const text of [
      "pulumi up (create everything)",
      "pulumi preview (no changes)",
      "pulumi refresh (no changes)",
    ]) {
      expect(bench.output).toMatch(row(text, true));
    }
    for (const text of [
      "pulumi up (one permission changed)",
      "pulumi destroy",
      "up, PULUMI_SKIP_CHECKPOINTS=true",
      "destroy, PULUMI_SKIP_CHECKPOINTS=true",
    ]) {
      expect(bench.output).toMatch(row(text, false));
    }
    for (const target of [
      /no-op preview <= 1\.2x the engine floor: (met|NOT met) \(x[\d.]+\)/,
      /no-op refresh <= 1\.2x the engine floor: (met|NOT met) \(x[\d.]+\)/,
      /one permission changed <= 1\.2x the engine floor: (met|NOT met) \(x[\d.]+\)/,
      /up <= 1\.2x max\(engine floor, raw script\): (met|NOT met) \(x[\d.]+ of the (engine floor|raw script)\)/,
      /up faster than d6s sync push on this machine: (met|NOT met) \(x[\d.]+\)/,
      /up with PULUMI_SKIP_CHECKPOINTS=true <= 1\.2x the raw script: (met|NOT met) \(x[\d.]+\)/,
      /remote \(25 ms each way\): up ahead of d6s sync push: (met|NOT met) \(x[\d.]+\)/,
      /remote \(25 ms each way\): up ahead of the sequential raw script: (met|NOT met) \(x[\d.]+\)/,
      /one permission changed sends one write: (met|NOT met) \(\d+ writes\)/,
    ]) {
      expect(bench.output).toMatch(target);
    }
    // Where the time went: per process, with the engine's own trace of the first up.
    const seconds = "\\s+[\\d.]+ s";
    for (const role of [
      "engine \\(pulumi\\)",
      "program \\(node\\)",
      "provider \\(node\\)",
      "Directus",
      "d6s \\(node\\)",
    ]) {
      expect(bench.output).toMatch(
        new RegExp(`\\n    ${role}( \\(\\d+\\))?${seconds}${seconds}${seconds}\\s+\\d+%\\n`),
      );
    }
    expect(bench.output).toMatch(/pulumi up: +[\d.]+ s wall; the machine's \d+ cores were \d+% busy/);
    expect(bench.output).toMatch(/creates: 2, at most [12] at once \(the engine's --parallel\)/);
    expect(bench.output).toMatch(
      /registered by the program [\d.]+ s -> checked [\d.]+ s-[\d.]+ s -> create [\d.]+ s-[\d.]+ s -> answered/,
    );
    expect(bench.output).toMatch(/writes: first at [\d.]+ s, then [\d.]+ s to the last answer/);
    // The remote scenario runs once, for the largest scale.
    expect(bench.output.match(/Remote server: Directus [\d.]+ behind a proxy adding 25 ms each way/g)).toHaveLength(1);
    for (const text of [
      "raw @directus/sdk calls (sequential)",
      "d6s sync push (create everything)",
      "pulumi up (create everything)",
    ]) {
      expect(bench.output).toMatch(
        new RegExp(`\\n${label(text)}\\s+[\\d.]+ s\\s+x[\\d.]+\\s+x[\\d.]+\\s+\\d+ \\(\\d+ writes\\)`),
      );
    }
  });
});

describe("npm run bench:import", () => {
  it("times pulumi-directus import and d6s sync pull on one instance and prints the ratio", async () => {
    const bench = await npmRun("bench:import", [
      "--policies",
      "2",
      "--permissions",
      "3",
      "--runs",
      "1",
      "--version",
      newest.split(".")[0] ?? "",
    ]);
    if (bench.code !== 0) throw new Error(`npm run bench:import failed:\n${bench.output}`);
    expect(bench.output).toMatch(/2 policies x 3 permissions \(6 rows\)/);
    // median, best, ratio to d6s sync pull, requests, files, bytes, what was written.
    expect(bench.output).toMatch(
      /pulumi-directus import\s+[\d.]+ s\s+[\d.]+ s\s+x[\d.]+\s+\d+\s+\d+\s+\d+\s+\d+ resources in index\.ts/,
    );
    expect(bench.output).toMatch(/d6s sync pull\s+[\d.]+ s\s+[\d.]+ s\s+x1\.00\s+\d+\s+\d+\s+\d+\s+\d+ records/);
    expect(bench.output).toMatch(/target: import within 2x of d6s sync pull: (met|NOT met) \(x[\d.]+/);
  });
});

describe("npm run bench:report", () => {
  it("times the HTML report's rendering in Chromium and a fleet audit against the slowest single audit", async () => {
    const bench = await npmRun("bench:report", ["--runs", "1", "--version", newest.split(".")[0] ?? ""]);
    if (bench.code !== 0) throw new Error(`npm run bench:report failed:\n${bench.output}`);
    expect(bench.output).toMatch(/HTML report of agency-1 \(Directus [\d.]+, \d+ permission rows\), median of 1/);
    expect(bench.output).toMatch(/size\s+\d+ KiB/);
    expect(bench.output).toMatch(/render in headless Chromium\s+[\d.]+ s\s+target < 1 s: (met|NOT met)/);
    expect(bench.output).toMatch(/alone: unreachable\s+[\d.]+ s\s+nothing listens/);
    expect(bench.output).toMatch(
      /fleet in one run\s+[\d.]+ s\s+x[\d.]+\s+of the slowest alone\s+target <= 1\.3x: (met|NOT met)/,
    );
    expect(bench.output).toMatch(/fleet without the unreachable\s+[\d.]+ s\s+x[\d.]+\s+of the slowest of those alone/);
  });
});
