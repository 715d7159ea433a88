/**
 * Guarantees that an interrupted run leaves no process behind. A Ctrl-C (SIGINT to the terminal's
 * process group) or a SIGKILL of the jest main process ends jest before any exit handler can stop the
 * Directus servers (detached, so the SIGINT never reaches them), Pulumi CLIs, language hosts and
 * dynamic providers it started. The watchdog (reaper-watchdog.cjs, plain Node) runs in a process group
 * and session of its own, polls the watched pid, and once it is gone SIGKILLs every process whose
 * environment holds PULUMI_DIRECTUS_RUN_ID=<runId>, then exits. After a normal run it finds nothing and
 * exits within about half a second of jest.
 */
import { spawn } from "node:child_process";
import path from "node:path";

export const WATCHDOG_SCRIPT = path.join(__dirname, "reaper-watchdog.cjs");

/** Starts the watchdog for `runId` and returns its pid; it outlives this process by design. */
export function startReaper(runId: string, watchedPid: number): number {
  if (!/^[A-Za-z0-9_-]+$/.test(runId)) throw new Error(`startReaper: invalid run id ${JSON.stringify(runId)}`);
  if (!Number.isInteger(watchedPid) || watchedPid <= 1) throw new Error(`startReaper: invalid pid ${watchedPid}`);
  // The watchdog must never carry the marker it reaps, or it would find (and kill) itself.
  const { PULUMI_DIRECTUS_RUN_ID: _marker, ...env } = process.env;
  const child = spawn(process.execPath, [WATCHDOG_SCRIPT, runId, String(watchedPid)], {
    cwd: "/",
    env,
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`startReaper: could not start ${WATCHDOG_SCRIPT}`);
  return child.pid;
}
