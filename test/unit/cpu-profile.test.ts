import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PRELOAD = path.resolve(__dirname, "..", "..", "bench", "cpu-profile.cjs");

/** Runs `node --require bench/cpu-profile.cjs -e <code>`; `signal` ends it from outside once it says "ready". */
function profiled(dir: string, code: string, signal?: NodeJS.Signals): Promise<number | null> {
  const child = spawn(process.execPath, ["--require", PRELOAD, "-e", code], {
    env: { ...process.env, CPU_PROFILE_DIR: dir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout.on("data", (data: Buffer) => {
    if (signal && data.toString().includes("ready")) child.kill(signal);
  });
  return new Promise((resolve) => child.on("close", resolve));
}

function profilesIn(dir: string): { nodes: unknown[] }[] {
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")));
}

describe("bench/cpu-profile.cjs", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "cpu-profile-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a profile when the process exits", async () => {
    expect(await profiled(dir, "let x = 0; for (let i = 0; i < 1e6; i++) x += i;")).toBe(0);
    const [profile, ...more] = profilesIn(dir);
    expect(more).toEqual([]);
    expect(profile?.nodes.length).toBeGreaterThan(0);
  });

  it("writes a profile when the process is ended with SIGINT, as the engine ends the provider process", async () => {
    await profiled(dir, "console.log('ready'); setInterval(() => {}, 1000);", "SIGINT");
    expect(profilesIn(dir)).toHaveLength(1);
  });
});
