import { spawn } from "node:child_process";
import { accountingLines, startAccounting } from "../../bench/accounting";

/** Runs `node -e <code>` to its end. */
function node(code: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The environment explicitly, as the benchmark passes it (jest gives tests a copy of process.env).
    const child = spawn(process.execPath, ["-e", code], { stdio: "ignore", env: { ...process.env } });
    child.on("error", reject);
    child.on("exit", () => resolve());
  });
}

describe("per-process accounting (bench/accounting.ts)", () => {
  it("counts the CPU of a process started while it runs, and of the pids it was given", async () => {
    const accounting = startAccounting(new Map([[process.pid, "benchmark"]]));
    // Busy until it has used 400 ms of CPU (however long a loaded machine takes to give it that), then idle for 1 s
    // so that the sampler sees the whole of it before the process is gone.
    await node(
      "const busy = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; while (busy() < 400); setTimeout(() => {}, 1000);",
    );
    const result = accounting.stop();
    const started = result.roles.find((r) => r.role === "other");
    expect(started?.processes).toBe(1);
    // /proc counts whole clock ticks (10 ms); a tick or two may be rounded away.
    expect(started?.cpuMs).toBeGreaterThanOrEqual(380);
    expect(started?.cpuMs).toBeLessThan(started?.wallMs ?? 0);
    expect(result.roles.find((r) => r.role === "benchmark")?.wallMs).toBe(result.wallMs);
    expect(result.machineBusyMs).toBeGreaterThan(0);
    const text = accountingLines("busy loop", result).join("\n");
    expect(text).toMatch(/busy loop: +[\d.]+ s wall; the machine's \d+ cores were \d+% busy/);
    expect(text).toMatch(/\n {4}other +[\d.]+ s +[\d.]+ s +[\d.]+ s +\d+%/);
  });
});
