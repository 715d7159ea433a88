import { startTarget, type Target } from "../helpers/echo-server";
import { type FaultMode, type FaultProxy, startFaultProxy } from "../helpers/fault-proxy";

/** fetch's network failure; matched by shape because jest's sandbox has its own TypeError. */
const networkError = { name: "TypeError", message: "fetch failed" };

const unavailable: FaultMode = { kind: "faults", rate: 1, seed: 1, statuses: [503], when: "before" };

describe("fault proxy", () => {
  let target: Target;
  let proxy: FaultProxy;

  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    target.received.length = 0;
    proxy = await startFaultProxy({ target: target.url });
  });
  afterEach(() => proxy.close());

  it("passes method, path, query, headers, body and status through", async () => {
    const response = await fetch(`${proxy.url}/items/things?filter=a&limit=2`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-answer-status": "201", authorization: "Bearer t" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-target")).toBe("yes");
    expect(await response.json()).toEqual({
      data: { method: "PATCH", url: "/items/things?filter=a&limit=2", body: '{"name":"x"}' },
    });
    expect(target.received).toHaveLength(1);
    const [seen] = target.received;
    expect(seen?.headers.host).toBe(target.host);
    expect(seen?.headers.authorization).toBe("Bearer t");
    expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 1, byMethod: { PATCH: 1 } });
    expect(proxy.stats.faults.total).toBe(0);
  });

  it("forwards a DELETE with a body (Directus' bulk delete)", async () => {
    const response = await fetch(`${proxy.url}/items/things`, { method: "DELETE", body: "[1,2]" });
    expect(response.status).toBe(200);
    expect(target.received[0]).toMatchObject({ method: "DELETE", body: "[1,2]" });
  });

  it("hangs without answering, and close() still resolves promptly", async () => {
    proxy.setMode({ kind: "hang" });
    const error = await fetch(`${proxy.url}/server/ping`, { signal: AbortSignal.timeout(300) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(target.received).toHaveLength(0);
    expect(proxy.stats.hung).toBe(1);

    // A second hung request that the client does not abort: close() must destroy its socket.
    const pending = fetch(`${proxy.url}/server/ping`).catch((e: unknown) => e);
    await waitFor(() => proxy.stats.hung === 2);
    const started = Date.now();
    await proxy.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject(networkError);
  });

  it("answers a fault before forwarding: Directus never sees the request", async () => {
    proxy.setMode(unavailable);
    const response = await fetch(`${proxy.url}/items/things`, { method: "POST", body: "{}" });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "SERVICE_UNAVAILABLE" } }],
    });
    expect(target.received).toHaveLength(0);
    expect(proxy.stats.forwarded).toBe(0);
    expect(proxy.stats.faults).toMatchObject({ total: 1, byKind: { before: 1 }, byStatus: { 503: 1 } });
    expect(proxy.stats.injected).toEqual([{ method: "POST", path: "/items/things", status: 503, when: "before" }]);
  });

  it("answers a fault after forwarding: Directus did the write, the answer is lost", async () => {
    proxy.setMode({ ...unavailable, when: "after" });
    const response = await fetch(`${proxy.url}/items/things`, { method: "POST", body: '{"a":1}' });
    expect(response.status).toBe(503);
    expect(target.received).toEqual([expect.objectContaining({ method: "POST", body: '{"a":1}' })]);
    expect(proxy.stats.forwarded).toBe(1);
    expect(proxy.stats.injected).toEqual([{ method: "POST", path: "/items/things", status: 503, when: "after" }]);
  });

  it("gives a 429 a Retry-After and Directus' REQUESTS_EXCEEDED code", async () => {
    proxy.setMode({ ...unavailable, statuses: [429], retryAfterSeconds: 7 });
    const response = await fetch(`${proxy.url}/items/things`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "REQUESTS_EXCEEDED" } }] });

    proxy.setMode({ ...unavailable, statuses: [429] });
    expect((await fetch(`${proxy.url}/items/things`)).headers.get("retry-after")).toBe("1");
  });

  it("only faults the listed methods", async () => {
    proxy.setMode({ ...unavailable, methods: ["post"] });
    expect((await fetch(`${proxy.url}/items/things`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/items/things`, { method: "POST", body: "{}" })).status).toBe(503);
  });

  it("mixes before and after faults when asked for both", async () => {
    proxy.setMode({ kind: "faults", rate: 1, seed: 3, statuses: [502, 504], when: "both" });
    const statuses = await sequentially(40, () => fetch(`${proxy.url}/items/things`).then((r) => r.status));
    expect(new Set(statuses)).toEqual(new Set([502, 504]));
    const { byKind } = proxy.stats.faults;
    expect(byKind.before).toBeGreaterThan(0);
    expect(byKind.after).toBeGreaterThan(0);
    expect(target.received).toHaveLength(byKind.after);
  });

  it("injects a reproducible number of faults for a given seed", async () => {
    const mode: FaultMode = { kind: "faults", rate: 0.2, seed: 42, statuses: [502, 503], when: "before" };
    const countFaults = async (): Promise<number> => {
      proxy.setMode(mode);
      const statuses = await sequentially(200, () => fetch(`${proxy.url}/items/things`).then((r) => r.status));
      return statuses.filter((status) => status !== 200).length;
    };
    const first = await countFaults();
    const second = await countFaults();
    expect(first).toBeGreaterThanOrEqual(20);
    expect(first).toBeLessThanOrEqual(60);
    expect(second).toBe(first);
    expect(proxy.stats.faults.total).toBe(first * 2);
    expect(target.received).toHaveLength(400 - first * 2);
  });

  it("resets the connection without answering", async () => {
    proxy.setMode({ kind: "reset", rate: 1, seed: 9 });
    const error = await fetch(`${proxy.url}/items/things`).catch((e: unknown) => e);
    expect(error).toMatchObject(networkError);
    expect(target.received).toHaveLength(0);
    expect(proxy.stats.injected).toEqual([{ method: "GET", path: "/items/things", status: "reset", when: "before" }]);

    proxy.setMode({ kind: "pass" });
    expect((await fetch(`${proxy.url}/items/things`)).status).toBe(200);
  });

  it("answers 502 in Directus' shape when the target is down", async () => {
    const down = await startFaultProxy({ target: "http://127.0.0.1:1" });
    try {
      const response = await fetch(`${down.url}/server/ping`);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    } finally {
      await down.close();
    }
  });

  it("adds its latency each way to a forwarded request and keeps when each one arrived and was answered", async () => {
    const slow = await startFaultProxy({ target: target.url, latencyMs: 40, recordTimeline: true });
    try {
      const started = performance.now();
      const [a, b] = await Promise.all([
        fetch(`${slow.url}/a`),
        fetch(`${slow.url}/b`, { method: "POST", body: "{}" }),
      ]);
      const elapsed = performance.now() - started;
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(elapsed).toBeGreaterThanOrEqual(80);
      expect(slow.timeline.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /a", "POST /b"]);
      for (const request of slow.timeline) expect(request.answered - request.arrived).toBeGreaterThanOrEqual(79);
      // Delayed side by side, not one after the other.
      const [first, second] = slow.timeline;
      expect(Math.max(first?.arrived ?? 0, second?.arrived ?? 0)).toBeLessThan(
        Math.min(first?.answered ?? 0, second?.answered ?? 0),
      );
    } finally {
      await slow.close();
    }
    // Without recordTimeline nothing is kept.
    await fetch(`${proxy.url}/c`);
    expect(proxy.timeline).toEqual([]);
  });

  it("refuses a rate outside 0..1", () => {
    expect(() => proxy.setMode({ kind: "reset", rate: 1.5, seed: 1 })).toThrow(RangeError);
  });
});

/** Runs `count` calls one after the other, so the PRNG sees requests in a fixed order. */
async function sequentially<T>(count: number, call: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i += 1) results.push(await call());
  return results;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
