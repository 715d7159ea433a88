/**
 * Where the time of one operation goes, per process: every process of a `pulumi` (or d6s) run is
 * found by a marker in its environment, Directus and the benchmark itself by their pids; /proc is
 * sampled every 50 ms for each one's CPU time (user + system) and life span, and /proc/stat for how
 * busy the machine's cores were. Linux only (the benchmark's machines); elsewhere it says so.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";

/** What a process does in the operation; a new role must be given a label in ROLE_LABELS. */
export type Role = "engine" | "language host" | "program" | "provider" | "Directus" | "d6s" | "benchmark" | "other";

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  engine: "engine (pulumi)",
  "language host": "language host",
  program: "program (node)",
  provider: "provider (node)",
  Directus: "Directus",
  d6s: "d6s (node)",
  benchmark: "benchmark: raw script, proxy",
  other: "other",
};

export interface RoleUsage {
  readonly role: Role;
  readonly processes: number;
  /** From the first sample that saw one of its processes to the last (the whole run for pids given up front). */
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface Accounting {
  readonly wallMs: number;
  readonly cores: number;
  /** CPU time of the whole machine during the run, every process and the kernel included. */
  readonly machineBusyMs: number;
  /** Time the hypervisor gave this machine's cores to others (steal). */
  readonly stolenMs: number;
  readonly roles: readonly RoleUsage[];
}

interface Tracked {
  role: Role;
  firstSeen: number;
  lastSeen: number;
  startTicks: number;
  ticks: number;
}

const SAMPLE_MS = 50;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in clock ticks, or undefined once it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Busy, stolen and total jiffies of all cores from /proc/stat's first line. */
function machineTicks(): { busy: number; steal: number; total: number } {
  const [, ...values] = (readText("/proc/stat").split("\n")[0] ?? "").trim().split(/\s+/);
  const n = values.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  const steal = n[7] ?? 0;
  const total = n.slice(0, 8).reduce((sum, v) => sum + v, 0);
  return { busy: total - idle - steal, steal, total };
}

function roleOf(cmdline: readonly string[]): Role {
  const [command = "", ...args] = cmdline;
  const name = path.basename(command);
  const joined = args.join(" ");
  if (name === "pulumi") return "engine";
  if (name === "pulumi-language-nodejs") return "language host";
  if (joined.includes("dynamic-provider") || name === "pulumi-resource-pulumi-nodejs") return "provider";
  if (/@pulumi[/\\]pulumi[/\\]cmd[/\\]run/.test(joined)) return "program";
  if (/d6s|@directus[/\\]cli/.test(joined)) return "d6s";
  return "other";
}

const MARKER = "PULUMI_DIRECTUS_BENCH_RUN";
let runs = 0;

/**
 * Samples every process started until `stop()` (they inherit a marker this sets in the benchmark's
 * environment), plus `fixed` pids with the role given.
 */
export function startAccounting(fixed: ReadonlyMap<number, Role>): { stop(): Accounting } {
  if (process.platform !== "linux") throw new Error("per-process accounting reads /proc: it needs Linux");
  runs += 1;
  const marker = `${MARKER}=${process.pid}-${runs}`;
  process.env[MARKER] = marker.split("=")[1];
  const started = performance.now();
  const machineStart = machineTicks();
  const tracked = new Map<number, Tracked>();
  const ignored = new Set<number>();
  const now = () => performance.now() - started;
  for (const [pid, role] of fixed) {
    const ticks = cpuTicks(pid) ?? 0;
    tracked.set(pid, { role, firstSeen: 0, lastSeen: 0, startTicks: ticks, ticks });
  }
  const sample = () => {
    const at = now();
    for (const entry of readdirSync("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || ignored.has(pid)) continue;
      let known = tracked.get(pid);
      if (!known) {
        if (!readText(`/proc/${pid}/environ`).split("\0").includes(marker)) {
          ignored.add(pid);
          continue;
        }
        const role = roleOf(readText(`/proc/${pid}/cmdline`).split("\0").filter(Boolean));
        known = { role, firstSeen: at, lastSeen: at, startTicks: 0, ticks: 0 };
        tracked.set(pid, known);
      }
      // A child seen between fork and exec still shows its parent's command line, and a wrapper
      // script that execs node keeps its pid: the role is what the process runs last.
      if (!fixed.has(pid)) {
        const cmdline = readText(`/proc/${pid}/cmdline`).split("\0").filter(Boolean);
        if (cmdline.length > 0) known.role = roleOf(cmdline);
      }
      const ticks = cpuTicks(pid);
      if (ticks === undefined) continue;
      known.ticks = ticks;
      known.lastSeen = at;
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      delete process.env[MARKER];
      const wallMs = now();
      for (const [pid, t] of tracked) if (fixed.has(pid)) t.lastSeen = wallMs;
      const machineEnd = machineTicks();
      // /proc/stat's first line sums every core the kernel knows, as cpus() lists them.
      const cores = cpus().length || 1;
      const total = Math.max(1, machineEnd.total - machineStart.total);
      const share = (ticks: number) => (ticks / total) * cores * wallMs;
      return {
        wallMs,
        cores,
        machineBusyMs: share(machineEnd.busy - machineStart.busy),
        stolenMs: share(machineEnd.steal - machineStart.steal),
        roles: byRole([...tracked.values()]),
      };
    },
  };
}

function byRole(processes: readonly Tracked[]): RoleUsage[] {
  const roles = new Map<Role, Tracked[]>();
  for (const p of processes) roles.set(p.role, [...(roles.get(p.role) ?? []), p]);
  return [...roles].map(([role, list]) => ({
    role,
    processes: list.length,
    wallMs: Math.max(...list.map((p) => p.lastSeen)) - Math.min(...list.map((p) => p.firstSeen)),
    cpuMs: list.reduce((sum, p) => sum + (p.ticks - p.startTicks) * TICK_MS, 0),
  }));
}

/** The accounting as table lines: per role wall, CPU, idle (wall - CPU) and CPU share of the run. */
export function accountingLines(what: string, a: Accounting): string[] {
  const order = Object.keys(ROLE_LABELS) as Role[];
  const roles = [...a.roles].sort((x, y) => order.indexOf(x.role) - order.indexOf(y.role));
  const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
  const busy = a.machineBusyMs / (a.cores * a.wallMs);
  const outside = a.machineBusyMs - a.roles.reduce((sum, r) => sum + r.cpuMs, 0);
  const notes = [
    ...(outside > 0.05 * a.wallMs ? [`${s(outside)} outside these processes (the kernel, other work)`] : []),
    ...(a.stolenMs > 0.02 * a.cores * a.wallMs ? [`${s(a.stolenMs)} taken by the hypervisor`] : []),
  ];
  return [
    `  ${what}: ${s(a.wallMs)} wall; the machine's ${a.cores} cores were ${(busy * 100).toFixed(0)}% busy (${s(a.machineBusyMs)} CPU in all${notes.map((n) => `; ${n}`).join("")})`,
    `    ${"process".padEnd(30)} ${"wall".padStart(8)} ${"CPU".padStart(8)} ${"idle".padStart(8)}  CPU/run`,
    ...roles.map(
      (r) =>
        `    ${`${ROLE_LABELS[r.role]}${r.processes > 1 ? ` (${r.processes})` : ""}`.padEnd(30)} ${s(r.wallMs)} ${s(r.cpuMs)} ${s(Math.max(0, r.wallMs - r.cpuMs))}  ${((r.cpuMs / a.wallMs) * 100).toFixed(0).padStart(5)}%`,
    ),
  ];
}
