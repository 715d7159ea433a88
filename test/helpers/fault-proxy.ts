import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pipeline } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * A fault-injecting HTTP proxy for tests: it sits between a client and Directus and, on demand,
 * hangs, resets connections or answers the statuses a real deployment produces under load
 * (429, 502, 503, 504), either instead of forwarding ("before": Directus never saw the request) or
 * after Directus answered ("after": the write happened but its answer was lost). Decisions come from
 * a seeded PRNG so a failing run can be replayed exactly.
 */

/** The statuses a gateway or rate limiter in front of Directus answers under pressure. */
export type FaultStatus = 429 | 502 | 503 | 504;

/** Whether a fault replaces the request ("before") or the answer of a request Directus did handle ("after"). */
export type FaultWhen = "before" | "after";

/** How the proxy treats the requests it receives from now on (see {@link FaultProxy.setMode}). */
export type FaultMode =
  | { kind: "pass" }
  | { kind: "hang" }
  | {
      kind: "faults";
      /** Probability (0..1) that a request gets a fault. */
      rate: number;
      seed: number;
      /** One is chosen at random for each fault. */
      statuses: readonly FaultStatus[];
      /** "both" chooses "before" or "after" at random for each fault. */
      when: FaultWhen | "both";
      /** The `Retry-After` of a 429; default 1. */
      retryAfterSeconds?: number;
      /** Only requests with one of these methods can get a fault; default all. */
      methods?: readonly string[];
    }
  | { kind: "reset"; rate: number; seed: number };

/** One injected fault, kept so a failing test can say which requests were hit. */
export interface InjectedFault {
  method: string;
  /** Path and query as the client sent them. */
  path: string;
  /** The status answered, or "reset" when the connection was destroyed instead. */
  status: FaultStatus | "reset";
  /** A reset always happens "before" forwarding. */
  when: FaultWhen;
}

/** Live counters; the proxy mutates this object, read it whenever needed. */
export interface ProxyStats {
  /** Requests received, in every mode. */
  requests: number;
  byMethod: Record<string, number>;
  /** Requests sent on to the target (pass-through and "after" faults). */
  forwarded: number;
  /** Requests left unanswered by the hang mode. */
  hung: number;
  faults: {
    total: number;
    byKind: Record<FaultWhen | "reset", number>;
    byStatus: Partial<Record<FaultStatus, number>>;
  };
  injected: InjectedFault[];
}

export interface FaultProxyOptions {
  /** Base URL of the real server, e.g. `http://127.0.0.1:8055`; a path prefix is kept, a query is not. */
  target: string;
  /** Initial mode; default pass-through. */
  mode?: FaultMode;
  /**
   * Added to every forwarded request on its way to the target and again to its answer on the way
   * back (a remote server's round trip is twice this); default 0.
   */
  latencyMs?: number;
  /** Keep when each request arrived and when its answer was complete ({@link FaultProxy.timeline}). */
  recordTimeline?: boolean;
}

/** One request as the proxy saw it, in milliseconds of `performance.now()`. */
export interface RequestTiming {
  readonly method: string;
  readonly path: string;
  readonly arrived: number;
  readonly answered: number;
}

export interface FaultProxy {
  /** Base URL of the proxy, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  stats: ProxyStats;
  /** Applies to requests received from now on; restarts the PRNG from the mode's seed. */
  setMode(mode: FaultMode): void;
  /** Every request answered since the proxy started (when `recordTimeline`), in order of its answer. */
  readonly timeline: readonly RequestTiming[];
  /** Stops listening and destroys every open socket, client and upstream, hung ones included. */
  close(): Promise<void>;
}

/** What happens to one request, decided when it arrives so the PRNG sequence follows arrival order. */
type Plan =
  | { action: "forward" }
  | { action: "hang" }
  | { action: "reset" }
  | { action: "fault"; status: FaultStatus; when: FaultWhen; retryAfterSeconds: number };

/** A mode together with the PRNG seeded from it. */
interface ActiveMode {
  mode: FaultMode;
  random: () => number;
}

interface ProxyState {
  target: URL;
  agent: http.Agent;
  sockets: Set<Socket>;
  stats: ProxyStats;
  active: ActiveMode;
  closed: boolean;
  latencyMs: number;
  timeline: RequestTiming[] | undefined;
}

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus ones a proxy must recompute. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Starts a proxy on 127.0.0.1 (free port) in front of `options.target`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = parseTarget(options.target);
  const state: ProxyState = {
    target,
    // A private agent, so close() can destroy the upstream sockets without touching anyone else's.
    agent: new http.Agent({ keepAlive: true }),
    sockets: new Set(),
    stats: emptyStats(),
    active: activate(options.mode ?? { kind: "pass" }),
    closed: false,
    latencyMs: options.latencyMs ?? 0,
    timeline: options.recordTimeline ? [] : undefined,
  };
  const server = http.createServer((req, res) => handle(state, req, res));
  server.on("connection", (socket: Socket) => track(state.sockets, socket));
  await listen(server);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: state.stats,
    timeline: state.timeline ?? [],
    setMode: (mode) => {
      state.active = activate(mode);
    },
    close: () => {
      closing ??= shutdown(state, server);
      return closing;
    },
  };
}

function parseTarget(target: string): URL {
  const url = new URL(target);
  if (url.protocol !== "http:") throw new Error(`fault proxy: target must be an http:// URL, got ${target}`);
  return url;
}

function emptyStats(): ProxyStats {
  return {
    requests: 0,
    byMethod: {},
    forwarded: 0,
    hung: 0,
    faults: { total: 0, byKind: { before: 0, after: 0, reset: 0 }, byStatus: {} },
    injected: [],
  };
}

/** Validates a mode up front, so a typo in a test fails loudly instead of silently never injecting. */
function activate(mode: FaultMode): ActiveMode {
  if (mode.kind === "faults" || mode.kind === "reset") {
    if (!(mode.rate >= 0 && mode.rate <= 1))
      throw new RangeError(`fault proxy: rate must be in 0..1, got ${mode.rate}`);
  }
  if (mode.kind === "faults" && mode.statuses.length === 0) throw new Error("fault proxy: statuses must not be empty");
  const seed = mode.kind === "faults" || mode.kind === "reset" ? mode.seed : 0;
  return { mode, random: mulberry32(seed) };
}

/** mulberry32: a tiny, good-enough 32-bit PRNG; Math.random cannot be seeded. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function track(sockets: Set<Socket>, socket: Socket): void {
  if (sockets.has(socket)) return; // keep-alive sockets are handed out again
  sockets.add(socket);
  socket.once("close", () => sockets.delete(socket));
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function shutdown(state: ProxyState, server: http.Server): Promise<void> {
  state.closed = true;
  return new Promise((resolve) => {
    // The callback only fires once every connection is gone, which the loop below guarantees.
    server.close(() => resolve());
    for (const socket of state.sockets) socket.destroy();
    state.agent.destroy();
  });
}

function handle(state: ProxyState, req: http.IncomingMessage, res: http.ServerResponse): void {
  const method = req.method ?? "GET";
  const { timeline } = state;
  if (timeline) {
    const arrived = performance.now();
    res.once("finish", () => timeline.push({ method, path: req.url ?? "/", arrived, answered: performance.now() }));
  }
  state.stats.requests += 1;
  state.stats.byMethod[method] = (state.stats.byMethod[method] ?? 0) + 1;
  const plan = planFor(state.active, method);
  if (plan.action === "reset") {
    recordFault(state.stats, { method, path: req.url ?? "/", status: "reset", when: "before" });
    req.socket.resetAndDestroy();
    return;
  }
  // The body is buffered: every mode reads it anyway, and a known length forwards any method
  // (Node will not chunk a DELETE body, and Directus deletes in bulk with one).
  readBody(req).then(
    (body) => act(state, plan, req, body, res),
    () => res.destroy(), // the client went away mid-request
  );
}

function planFor(active: ActiveMode, method: string): Plan {
  const { mode, random } = active;
  switch (mode.kind) {
    case "pass":
      return { action: "forward" };
    case "hang":
      return { action: "hang" };
    case "reset":
      return random() < mode.rate ? { action: "reset" } : { action: "forward" };
    case "faults":
      return planFault(mode, random, method);
  }
}

function planFault(mode: Extract<FaultMode, { kind: "faults" }>, random: () => number, method: string): Plan {
  const eligible = mode.methods === undefined || mode.methods.some((m) => m.toUpperCase() === method.toUpperCase());
  if (!eligible || !(random() < mode.rate)) return { action: "forward" };
  // activate() guarantees a non-empty list; the fallback only satisfies the index type.
  const status = mode.statuses[Math.floor(random() * mode.statuses.length)] ?? 503;
  const when = mode.when === "both" ? (random() < 0.5 ? "before" : "after") : mode.when;
  return { action: "fault", status, when, retryAfterSeconds: mode.retryAfterSeconds ?? 1 };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function act(state: ProxyState, plan: Plan, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  if (state.closed) return;
  switch (plan.action) {
    case "hang":
      state.stats.hung += 1; // the socket stays in state.sockets until close()
      return;
    case "forward":
      void passThrough(state, req, body, res);
      return;
    case "reset":
      return; // handled before the body was read
    case "fault":
      if (plan.when === "before") answerFault(state.stats, req, res, plan);
      else void faultAfter(state, req, body, res, plan);
      return;
  }
}

async function passThrough(
  state: ProxyState,
  req: http.IncomingMessage,
  body: Buffer,
  res: http.ServerResponse,
): Promise<void> {
  let upstream: http.IncomingMessage;
  try {
    await travel(state.latencyMs);
    upstream = await sendUpstream(state, req, body);
    await travel(state.latencyMs);
  } catch (error) {
    answerProxyError(res, error);
    return;
  }
  if (state.closed) return;
  res.writeHead(upstream.statusCode ?? 502, endToEnd(upstream.headers));
  // pipeline destroys both sides if either fails, so an aborted client does not leave the upstream open.
  pipeline(upstream, res, () => undefined);
}

/** The simulated network's one-way delay. */
function travel(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The request reaches Directus and completes there; only its answer is replaced. */
async function faultAfter(
  state: ProxyState,
  req: http.IncomingMessage,
  body: Buffer,
  res: http.ServerResponse,
  plan: Extract<Plan, { action: "fault" }>,
): Promise<void> {
  try {
    const upstream = await sendUpstream(state, req, body);
    // Discard the answer, but wait for all of it: then Directus has certainly finished the write.
    upstream.resume();
    await finished(upstream);
  } catch (error) {
    answerProxyError(res, error);
    return;
  }
  answerFault(state.stats, req, res, plan);
}

/** Sends the buffered request to the target and resolves with its answer (headers received). */
function sendUpstream(state: ProxyState, req: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> {
  const headers = endToEnd(req.headers);
  delete headers.host; // Node sets the target's
  delete headers.expect; // the body is already here; nothing to wait for
  delete headers["content-length"];
  if (body.length > 0 || req.headers["content-length"] !== undefined) headers["content-length"] = String(body.length);
  state.stats.forwarded += 1;
  return new Promise((resolve, reject) => {
    const upstream = http.request({
      agent: state.agent,
      hostname: state.target.hostname,
      port: state.target.port,
      method: req.method ?? "GET",
      path: `${state.target.pathname.replace(/\/$/, "")}${req.url ?? "/"}`,
      headers,
    });
    upstream.on("socket", (socket: Socket) => track(state.sockets, socket));
    upstream.on("response", resolve);
    upstream.on("error", reject); // stays attached: a late error after the response must not crash the process
    upstream.end(body);
  });
}

/** Copies headers without the hop-by-hop ones, including any the `Connection` header names. */
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = (headers.connection ?? "").split(",").map((name) => name.trim().toLowerCase());
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

function recordFault(stats: ProxyStats, fault: InjectedFault): void {
  stats.faults.total += 1;
  stats.faults.byKind[fault.status === "reset" ? "reset" : fault.when] += 1;
  if (fault.status !== "reset") stats.faults.byStatus[fault.status] = (stats.faults.byStatus[fault.status] ?? 0) + 1;
  stats.injected.push(fault);
}

function answerFault(
  stats: ProxyStats,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  plan: Extract<Plan, { action: "fault" }>,
): void {
  if (res.destroyed) return;
  recordFault(stats, { method: req.method ?? "GET", path: req.url ?? "/", status: plan.status, when: plan.when });
  const code = plan.status === 429 ? "REQUESTS_EXCEEDED" : "SERVICE_UNAVAILABLE";
  const message = `${http.STATUS_CODES[plan.status] ?? "Error"} (injected by the fault proxy, ${plan.when})`;
  const headers: http.OutgoingHttpHeaders = {};
  if (plan.status === 429) headers["retry-after"] = String(plan.retryAfterSeconds);
  sendJson(res, plan.status, directusError(message, code), headers);
}

/** The target itself failed (refused, reset, closed): answer like a gateway would, unless it is too late. */
function answerProxyError(res: http.ServerResponse, error: unknown): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  sendJson(res, 502, directusError(`Fault proxy could not reach the target: ${reason}`, "SERVICE_UNAVAILABLE"), {});
}

/** Directus' error envelope, so clients parse injected faults exactly like real ones. */
function directusError(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: http.OutgoingHttpHeaders): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
