/**
 * Faults injected on 127.0.0.1 between the real engine and a real Directus: answers refused or lost
 * (429/503 before or after the request reached Directus), and Directus killed in the middle of an
 * `up`. Every run must end with exactly the declared objects, checked over REST.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type DirectusServer, freePort, loadTemplate, startDirectus } from "../helpers/directus";
import { startFaultProxy } from "../helpers/fault-proxy";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { restData } from "../helpers/rest";
import { TestStack } from "../helpers/stack";

interface PolicyRow {
  id: string;
  name: string;
}

interface PermissionRow {
  id: number | null;
  policy: string | null;
  collection: string;
  action: string;
}

/** The bench program's policies and their stored permission rows, as Directus has them. */
async function benchObjects(server: DirectusServer) {
  const policies = await restData<PolicyRow[]>(
    server,
    "GET",
    "/policies?limit=-1&fields=id,name&filter[name][_starts_with]=Bench%20policy",
  );
  const rows = await restData<PermissionRow[]>(
    server,
    "GET",
    "/permissions?limit=-1&fields=id,policy,collection,action",
  );
  const ids = new Set(policies.map((p) => p.id));
  const permissions = rows.filter((row) => row.id !== null && row.policy !== null && ids.has(row.policy));
  return { policies, permissions };
}

/** Exactly `count` bench policies, each with `perPolicy` rows and no row twice. */
async function expectExactlyDeclared(server: DirectusServer, count: number, perPolicy: number): Promise<void> {
  const { policies, permissions } = await benchObjects(server);
  const names = policies.map((p) => p.name).sort();
  expect(names).toEqual(Array.from({ length: count }, (_, i) => `Bench policy ${i}`).sort());
  const keys = permissions.map((row) => `${row.policy} ${row.collection} ${row.action}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(permissions).toHaveLength(count * perPolicy);
}

function benchStack(
  server: DirectusServer,
  policies: number,
  permissions: number,
  config: Record<string, string> = {},
) {
  return new TestStack("bench/program", server, {
    "directus-bench:policies": String(policies),
    "directus-bench:permissions": String(permissions),
    ...config,
  });
}

describe.each(DIRECTUS_VERSIONS)("faults between the engine and Directus %s", (version) => {
  describe("a flaky network", () => {
    const live = useDirectus(version);

    it("finishes up and destroy when 20% of requests are answered 429/503, before or after reaching Directus", async () => {
      const proxy = await startFaultProxy({ target: live.server.url });
      const stack = benchStack(live.server, 8, 10, { "directus:url": proxy.url });
      try {
        proxy.setMode({
          kind: "faults",
          rate: 0.2,
          seed: 20261129,
          statuses: [429, 503],
          when: "both",
          retryAfterSeconds: 1,
        });
        expect((await stack.ok("up")).summary?.create).toBe(9);
        expect(proxy.stats.faults.byKind.after).toBeGreaterThan(0);
        expect(proxy.stats.faults.byKind.before).toBeGreaterThan(0);
        await expectExactlyDeclared(live.server, 8, 10);

        proxy.setMode({ kind: "pass" });
        expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);

        proxy.setMode({ kind: "faults", rate: 0.2, seed: 7, statuses: [429, 503], when: "both" });
        await stack.ok("destroy");
        expect((await benchObjects(live.server)).policies).toEqual([]);
      } finally {
        stack.dispose();
        await proxy.close();
      }
    });
  });

  describe("Directus killed in the middle of an up", () => {
    const POLICIES = 30;
    const PERMISSIONS = 20;
    let server: DirectusServer;
    let dataDir: string;
    let port: number;
    const template = () => {
      const dir = process.env.DIRECTUS_TEMPLATE_DIR;
      return dir ? { template: loadTemplate(path.join(dir, `${version}.json`)) } : {};
    };
    const start = () => startDirectus(version, { ...template(), dataDir, port });

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), `directus-crash-${version}-`));
      port = await freePort();
      server = await start();
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** Resolves once Directus holds at least `count` bench policies (polled over REST). */
    async function policiesReach(count: number): Promise<void> {
      for (;;) {
        const rows = await restData<unknown[]>(
          server,
          "GET",
          "/policies?limit=-1&fields=id&filter[name][_starts_with]=Bench%20policy",
        );
        if (rows.length >= count) return;
        await sleep(50);
      }
    }

    // Points of the up at which Directus dies: early, halfway and late among the 30 policy creates.
    it.each([[3], [14], [25]])(
      "killed once %i policies exist: re-running converges with 0 duplicates and 0 lost objects",
      async (killAt) => {
        const stack = benchStack(server, POLICIES, PERMISSIONS);
        try {
          const interrupted = stack.run("up");
          await policiesReach(killAt);
          await server.crash();
          const first = await interrupted;
          expect(first.code).not.toBe(0);
          server = await start();
          const left = (await benchObjects(server)).policies.length;
          expect(left).toBeGreaterThanOrEqual(killAt);
          expect(left).toBeLessThanOrEqual(POLICIES);
          const rerun = await stack.run("up");
          if (rerun.code !== 0) throw new Error(`re-run after the crash failed:\n${rerun.output.slice(-4000)}`);
          await expectExactlyDeclared(server, POLICIES, PERMISSIONS);
          expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
          await stack.ok("destroy");
          expect((await benchObjects(server)).policies).toEqual([]);
        } finally {
          stack.dispose();
        }
      },
    );
  });
});

/** Whether every process of group `pgid` has exited (waits up to five seconds). */
async function processGroupGone(pgid: number): Promise<boolean> {
  const members = () =>
    readdirSync("/proc").filter((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        // Field 5 of /proc/<pid>/stat is the process group; the command name (field 2) may hold spaces.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      } catch {
        return false;
      }
    });
  for (let waited = 0; waited < 5_000; waited += 100) {
    if (members().length === 0) return true;
    await sleep(100);
  }
  return members().length === 0;
}

describe("an up killed mid-way (Ctrl-C twice, a CI timeout), recovered as the README says", () => {
  const live = useDirectus(DIRECTUS_VERSIONS[0] ?? "11.17.4");

  it("remove the lock, refresh --clear-pending-creates, up: a clean state, 0 duplicates, no warning left", async () => {
    const stack = benchStack(live.server, 30, 5);
    try {
      await stack.run("outputs"); // applies the stack's config before the raw CLI calls
      const abort = new AbortController();
      const interrupted = stack.cli.operation("up", [], {}, abort.signal);
      for (;;) {
        const rows = await restData<unknown[]>(
          live.server,
          "GET",
          "/policies?limit=-1&fields=id&filter[name][_starts_with]=Bench%20policy",
        );
        if (rows.length >= 5) break;
        await sleep(50);
      }
      abort.abort();
      const killed = await interrupted;
      // Nothing of the killed command lives on (engine, language host, providers: its process group).
      expect(await processGroupGone(killed.pid ?? 0)).toBe(true);
      const locks = path.join(stack.workDir, "state", ".pulumi", "locks");
      expect(existsSync(locks) && readdirSync(locks, { recursive: true }).length > 0).toBe(true);
      const locked = await stack.run("up");
      expect(locked.code).not.toBe(0);
      expect(locked.output).toMatch(/locked/);

      // The README's rows: delete the lock file (file backends), then refresh --clear-pending-creates, then up.
      rmSync(locks, { recursive: true, force: true });
      const refreshed = await stack.cli.operation("refresh", ["--clear-pending-creates"]);
      expect(refreshed.code).toBe(0);
      const up = await stack.run("up");
      if (up.code !== 0) throw new Error(`up after recovery failed:\n${up.output.slice(-4000)}`);
      expect(up.output).not.toMatch(/pending (operations|create)/i);
      await expectExactlyDeclared(live.server, 30, 5);
      const again = await stack.run("preview", ["--expect-no-changes"]);
      expect(again.code).toBe(0);
      expect(again.output).not.toMatch(/pending (operations|create)/i);
      await stack.ok("destroy");
    } finally {
      stack.dispose();
    }
  });
});
