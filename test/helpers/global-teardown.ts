import { rmSync } from "node:fs";
import { processesOfRun } from "./directus";

/** Removes the templates and fails the run if any Directus server of this run is still alive. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.DIRECTUS_TEMPLATE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const runId = process.env.PULUMI_DIRECTUS_RUN_ID;
  if (!runId) return;
  const orphans = processesOfRun(runId);
  for (const pid of orphans) process.kill(pid, "SIGKILL");
  if (orphans.length > 0) {
    throw new Error(
      `Directus servers outlived their tests (pids ${orphans.join(", ")}): a test file did not stop its server.`,
    );
  }
  process.stdout.write("No Directus server of this run is left running.\n");
}
