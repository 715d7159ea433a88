// Usage: node reaper-watchdog.cjs <runId> <watchedPid>
// Started by test/helpers/reaper.ts in a process group (and session) of its own, so a Ctrl-C in the
// terminal does not reach it. Waits until <watchedPid> (the jest main process) is gone, then SIGKILLs
// every process whose environment holds PULUMI_DIRECTUS_RUN_ID=<runId> (Directus servers, Pulumi CLIs,
// language hosts, dynamic providers, jest workers), with their process groups, and exits.
// Plain Node, no dependencies: it must run without any TypeScript tooling.
"use strict";
const fs = require("node:fs");

const POLL_MS = 300;
const SCAN_GAP_MS = 100;
const MAX_SCANS = 20;
const QUIET_SCANS = 2;

const [runId = "", watchedArg = ""] = process.argv.slice(2);
const watchedPid = Number(watchedArg);
if (!/^[A-Za-z0-9_-]+$/.test(runId) || !Number.isInteger(watchedPid) || watchedPid <= 1) {
  process.exit(2);
}
const marker = `\0PULUMI_DIRECTUS_RUN_ID=${runId}\0`;
const ownGroup = statOf(process.pid)?.pgrp;
const logFile = process.env.PULUMI_DIRECTUS_REAPER_LOG;

function log(line) {
  if (!logFile) return;
  try {
    fs.appendFileSync(logFile, `${new Date().toISOString()} reaper ${process.pid} (run ${runId}): ${line}\n`);
  } catch {
    // logging is best effort
  }
}

/** State, process group and start time from /proc/<pid>/stat (the command name may hold spaces and parens). */
function statOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], pgrp: Number(fields[2]), start: fields[19] };
  } catch {
    return undefined;
  }
}

const watchedStart = statOf(watchedPid)?.start;

function watchedAlive() {
  try {
    process.kill(watchedPid, 0);
  } catch (error) {
    // EPERM: alive but not ours (cannot happen for our own parent tree, but do not reap on it).
    return error.code === "EPERM";
  }
  const stat = statOf(watchedPid);
  // A zombie has exited; a different start time means the pid was reused by another process.
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X" && stat.start === watchedStart;
}

function markedPids() {
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || pid <= 1) continue;
    try {
      if (`\0${fs.readFileSync(`/proc/${entry}/environ`, "latin1")}\0`.includes(marker)) pids.push(pid);
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

function kill(target) {
  try {
    process.kill(target, "SIGKILL");
    return true;
  } catch {
    return false; // already gone
  }
}

function reap() {
  let quiet = 0;
  for (let scan = 0; scan < MAX_SCANS && quiet < QUIET_SCANS; scan++) {
    const pids = markedPids();
    if (pids.length === 0) quiet++;
    else quiet = 0;
    for (const pid of pids) {
      const pgrp = statOf(pid)?.pgrp;
      // A marked group leader takes its whole group (children that dropped the marker included).
      if (pgrp === pid && pgrp !== ownGroup && kill(-pid)) log(`killed process group ${pid}`);
      if (kill(pid)) log(`killed ${pid}`);
    }
    if (quiet < QUIET_SCANS) sleep(SCAN_GAP_MS);
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

log(`watching ${watchedPid}`);
const timer = setInterval(() => {
  if (watchedAlive()) return;
  clearInterval(timer);
  log(`${watchedPid} is gone, reaping`);
  reap();
  log("done");
  process.exit(0);
}, POLL_MS);
