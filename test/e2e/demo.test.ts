/**
 * `npm run demo`, the README's one command for the main job, run as a newcomer runs it (with --exit so
 * the test ends), in a private demo folder: it applies examples/website with the pulumi binary, a second
 * run changes nothing, the printed token command works, and a second demo on the same data is refused.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../helpers/directus";

const STACK_CONFIG = path.join(REPO_ROOT, "examples", "website", "Pulumi.local-11.yaml");

function demo(demoDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn("npm", ["run", "--silent", "demo", "--", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PULUMI_DIRECTUS_DEMO_DIR: demoDir, DIRECTUS_URL: "", DIRECTUS_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

describe("npm run demo", () => {
  const demoDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-demo-"));
  const savedConfig = existsSync(STACK_CONFIG) ? readFileSync(STACK_CONFIG) : undefined;
  afterAll(() => {
    if (savedConfig) writeFileSync(STACK_CONFIG, savedConfig);
    else rmSync(STACK_CONFIG, { force: true });
    rmSync(demoDir, { recursive: true, force: true });
  });

  it("applies the website example with pulumi up, converges on a re-run and explains how to get in", async () => {
    const first = await demo(demoDir, ["--exit"]);
    if (first.code !== 0) throw new Error(`npm run demo failed (exit ${first.code}):\n${first.output.slice(-6000)}`);
    expect(first.output).toMatch(/Updating \(local-11\)/);
    expect(first.output).toMatch(/\+ 14 created/);
    expect(first.output).toContain("two-factor authentication");
    // Calm: the collections the example creates are declared (plannedCollections), so no DSEC-106 about them.
    expect(first.output).not.toContain("DSEC-106");
    expect(first.output).not.toMatch(/^RESULT /m);
    // With --exit the server is gone, so no Studio URL is offered as if it were live.
    expect(first.output).not.toContain("Studio:");
    expect(first.output).toContain("The server is stopped");

    const tokenCommand = first.output.match(
      /^\s+\((cd examples\/website && .* stack output --show-secrets .*)\)$/m,
    )?.[1];
    expect(tokenCommand).toBeDefined();
    const token = await promisify(execFile)("bash", ["-c", tokenCommand ?? "false"], { cwd: REPO_ROOT });
    expect(token.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    const second = await demo(demoDir, ["--exit"]);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/Resources:\s+14 unchanged/);
    expect(second.output).not.toMatch(/created|updated|deleted/);
  });

  it("refuses to start a second server on the same data", async () => {
    // A live process holds the lock: this test's own process stands in for a running demo.
    const dataDir = path.join(demoDir, "directus-11.17.4");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "demo.lock"), JSON.stringify({ pid: process.pid, url: "http://127.0.0.1:8055" }));
    const refused = await demo(demoDir, ["--exit"]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(`a demo is already running (pid ${process.pid}`);
    rmSync(path.join(dataDir, "demo.lock"));
  });

  it("answers --help without building or starting anything", async () => {
    const help = await demo(demoDir, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^usage: npm run demo/m);
    expect(help.output).not.toContain("toolchain:");
  });
});
