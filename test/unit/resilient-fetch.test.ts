import { DirectusClient } from "../../provider/client/directus-client";
import { DirectusRequestError } from "../../provider/client/errors";
import {
  ATTEMPTS_HEADER,
  DeadlineExceededError,
  ELAPSED_HEADER,
  isSafeToRepeat,
  type RetryPolicy,
  resilientFetch,
  retryAfterMs,
} from "../../provider/client/resilient-fetch";
import { startTarget, type Target } from "../helpers/echo-server";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy";

const quick: RetryPolicy = {
  requestTimeoutMs: 2_000,
  deadlineAt: Number.POSITIVE_INFINITY,
  attempts: 6,
  startingDelayMs: 5,
  maxDelayMs: 20,
};

describe("isSafeToRepeat", () => {
  it("repeats reads, updates and deletes, and creates only when they carry their own key", () => {
    expect(isSafeToRepeat("GET", undefined)).toBe(true);
    expect(isSafeToRepeat("patch", "{}")).toBe(true);
    expect(isSafeToRepeat("DELETE", "[1,2]")).toBe(true);
    expect(isSafeToRepeat("POST", JSON.stringify({ id: "a", name: "x" }))).toBe(true);
    expect(isSafeToRepeat("POST", JSON.stringify([{ id: "a" }, { id: "b" }]))).toBe(true);
    expect(isSafeToRepeat("POST", JSON.stringify([{ id: "a" }, { name: "b" }]))).toBe(false);
    expect(isSafeToRepeat("POST", JSON.stringify({ name: "x" }))).toBe(false);
    expect(isSafeToRepeat("POST", "[]")).toBe(false);
    expect(isSafeToRepeat("POST", "not json")).toBe(false);
    expect(isSafeToRepeat("POST", undefined)).toBe(false);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("3")).toBe(3_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:00 GMT", now + 10_000)).toBe(0);
  });
});

describe("resilientFetch against a faulty proxy", () => {
  let target: Target;
  let proxy: FaultProxy;

  beforeAll(async () => {
    target = await startTarget();
    proxy = await startFaultProxy({ target: target.url });
  });
  afterAll(async () => {
    await proxy.close();
    await target.close();
  });
  beforeEach(() => {
    target.received.length = 0;
    proxy.setMode({ kind: "pass" });
  });

  it("retries reads through 503s and connection resets until they succeed", async () => {
    proxy.setMode({ kind: "faults", rate: 0.3, seed: 11, statuses: [502, 503, 504], when: "before" });
    const send = resilientFetch(quick);
    for (let i = 0; i < 20; i++) {
      const response = await send(`${proxy.url}/items/${i}`);
      expect(response.status).toBe(200);
    }
    expect(proxy.stats.faults.total).toBeGreaterThan(0);
    expect(target.received).toHaveLength(20);

    proxy.setMode({ kind: "reset", rate: 0.3, seed: 3 });
    for (let i = 0; i < 10; i++) expect((await send(`${proxy.url}/again/${i}`)).status).toBe(200);
  });

  it("hands back Directus' last answer when every attempt is refused", async () => {
    proxy.setMode({ kind: "faults", rate: 1, seed: 1, statuses: [503], when: "before" });
    const before = proxy.stats.requests;
    const response = await resilientFetch(quick)(`${proxy.url}/items`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    expect(proxy.stats.requests - before).toBe(quick.attempts);
    // Marked, so the error can say it was retried rather than quote only the last answer.
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe(String(quick.attempts));
    expect(Number(response.headers.get(ELAPSED_HEADER))).toBeGreaterThanOrEqual(0);
  });

  it("an exhausted retry is reported with the attempts, the time, the last answer and what to do", async () => {
    proxy.setMode({ kind: "faults", rate: 1, seed: 1, statuses: [503], when: "before" });
    const client = new DirectusClient({ url: proxy.url, token: "t", timeoutMs: 5_000, operationTimeoutMs: 60_000 });
    const error = await client.listPolicies().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DirectusRequestError);
    expect((error as Error).message).toMatch(
      /^list policies failed after 6 attempts over [\d.]+ s; Directus' last answer was 503 SERVICE_UNAVAILABLE: .*Fix: .*directus:operationTimeout/s,
    );
  });

  it("honours Retry-After on 429", async () => {
    proxy.setMode({ kind: "faults", rate: 1, seed: 1, statuses: [429], when: "before", retryAfterSeconds: 1 });
    const send = resilientFetch({ ...quick, attempts: 2 });
    const started = Date.now();
    const pending = send(`${proxy.url}/items`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.setMode({ kind: "pass" });
    expect((await pending).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("sends a create without its own key once, and a create with its key again", async () => {
    proxy.setMode({ kind: "faults", rate: 1, seed: 1, statuses: [503], when: "after" });
    const send = resilientFetch(quick);
    const keyless = await send(`${proxy.url}/permissions`, { method: "POST", body: JSON.stringify([{ a: 1 }]) });
    expect(keyless.status).toBe(503);
    expect(target.received).toHaveLength(1);

    target.received.length = 0;
    const keyed = await send(`${proxy.url}/roles`, { method: "POST", body: JSON.stringify({ id: "k", name: "r" }) });
    expect(keyed.status).toBe(503);
    expect(target.received).toHaveLength(quick.attempts);
  });

  it("gives up on a silent server after the request timeout, without retrying it", async () => {
    proxy.setMode({ kind: "hang" });
    const before = proxy.stats.requests;
    const send = resilientFetch({ ...quick, requestTimeoutMs: 200 });
    await expect(send(`${proxy.url}/items`)).rejects.toMatchObject({ name: "TimeoutError" });
    expect(proxy.stats.requests - before).toBe(1);
  });

  it("starts nothing once the operation's deadline has passed", async () => {
    const send = resilientFetch({ ...quick, deadlineAt: Date.now() - 1 });
    await expect(send(`${proxy.url}/items`)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(target.received).toHaveLength(0);
  });

  it("caps the wait for an answer at what is left of the deadline", async () => {
    proxy.setMode({ kind: "hang" });
    const send = resilientFetch({ ...quick, requestTimeoutMs: 60_000, deadlineAt: Date.now() + 300 });
    await expect(send(`${proxy.url}/items`)).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});
