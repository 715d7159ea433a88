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
    // Busy for 400 ms, then idle for 300 ms.
    await node("const end = Date.now() + 400; while (Date.now() < end); setTimeout(() => {}, 300);");
    const result = accounting.stop();
    const started = result.roles.find((r) => r.role === "other");
    expect(started?.processes).toBe(1);
    expect(started?.cpuMs).toBeGreaterThanOrEqual(300);
    expect(started?.cpuMs).toBeLessThan(started?.wallMs ?? 0);
    expect(result.roles.find((r) => r.role === "benchmark")?.wallMs).toBe(result.wallMs);
    expect(result.machineBusyMs).toBeGreaterThan(0);
    const text = accountingLines("busy loop", result).join("\n");
    expect(text).toMatch(/busy loop: +[\d.]+ s wall; the machine's \d+ cores were \d+% busy/);
    expect(text).toMatch(/\n {4}other +[\d.]+ s +[\d.]+ s +[\d.]+ s +\d+%/);
  });
});
