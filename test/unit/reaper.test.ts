import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { processesOfRun } from "../helpers/directus";
import { startReaper } from "../helpers/reaper";

/** Alive and not a zombie (a killed child stays a zombie until its parent reaps it, an orphan until init does). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error("spawn failed");
  return child.pid;
}

function killQuietly(target: number): void {
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Spawns `node -e <script>` (marked) that starts a grandchild `sleep 300` inheriting the marker and prints its pid. */
async function spawnWithGrandchild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; grandchild: number }> {
  const script = `const c = require("node:child_process").spawn("sleep", ["300"], { stdio: "ignore" });
process.stdout.write(c.pid + "\\n"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { env, stdio: ["ignore", "pipe", "ignore"] });
  const grandchild = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.once("exit", () => reject(new Error(`node child exited before starting its grandchild: ${out}`)));
  });
  return { child, grandchild };
}

describe("reaper watchdog", () => {
  const { PULUMI_DIRECTUS_RUN_ID: _outer, ...cleanEnv } = process.env;
  const started: number[] = [];
  const groups: number[] = [];

  afterAll(() => {
    for (const pid of groups) killQuietly(-pid);
    for (const pid of started) killQuietly(pid);
  });

  it("kills every marked process (groups and grandchildren too) once the watched pid is gone, and nothing else", async () => {
    const runId = randomBytes(8).toString("hex");
    const marked = { ...cleanEnv, PULUMI_DIRECTUS_RUN_ID: runId };

    const parent = pidOf(spawn("sleep", ["60"], { env: cleanEnv, stdio: "ignore" }));
    started.push(parent);
    const watchdog = startReaper(runId, parent);
    started.push(watchdog);

    const plain = pidOf(spawn("sleep", ["300"], { env: marked, stdio: "ignore" }));
    started.push(plain);
    const detached = pidOf(spawn("sleep", ["300"], { env: marked, stdio: "ignore", detached: true }));
    started.push(detached);
    groups.push(detached);
    const { child: nodeChild, grandchild } = await spawnWithGrandchild(marked);
    started.push(pidOf(nodeChild), grandchild);
    const unmarked = pidOf(spawn("sleep", ["300"], { env: cleanEnv, stdio: "ignore" }));
    started.push(unmarked);

    const victims = [plain, detached, pidOf(nodeChild), grandchild];
    for (const pid of [...victims, unmarked, watchdog]) expect(isAlive(pid)).toBe(true);
    expect(processesOfRun(runId).sort()).toEqual([...victims].sort());
    // The watchdog does not carry the marker, so it can never reap itself.
    expect(readFileSync(`/proc/${watchdog}/environ`, "latin1")).not.toContain("PULUMI_DIRECTUS_RUN_ID=");

    // While the watched process lives, the watchdog leaves everything alone.
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const pid of [...victims, unmarked, watchdog]) expect(isAlive(pid)).toBe(true);

    process.kill(parent, "SIGKILL");
    await waitUntil(() => victims.every((pid) => !isAlive(pid)), 5_000);
    expect(victims.filter(isAlive)).toEqual([]);
    expect(processesOfRun(runId)).toEqual([]);
    expect(isAlive(unmarked)).toBe(true);
    // Its work done, the watchdog exits on its own.
    expect(await waitUntil(() => !isAlive(watchdog), 2_000)).toBe(true);

    process.kill(unmarked, "SIGKILL");
  }, 20_000);

  it("exits at once when the watched pid is already gone", async () => {
    const gone = spawn("true", { stdio: "ignore" });
    const pid = pidOf(gone);
    await new Promise((resolve) => gone.once("exit", resolve));
    const watchdog = startReaper(randomBytes(8).toString("hex"), pid);
    started.push(watchdog);
    expect(await waitUntil(() => !isAlive(watchdog), 1_500)).toBe(true);
  });

  it("refuses an empty run id (it would match every unmarked server's empty marker)", () => {
    expect(() => startReaper("", process.pid)).toThrow(/invalid run id/);
  });
});
