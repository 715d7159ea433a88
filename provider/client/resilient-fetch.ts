import { setTimeout as sleep } from "node:timers/promises";
import { backOff } from "exponential-backoff";

/** Answers that mean "not now": the request may be sent again after a pause. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Network failures (undici's `cause.code`) after which the server may be back a moment later. */
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ECONNABORTED",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export interface RetryPolicy {
  /** Longest wait for one answer, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Wall-clock time (ms since epoch) after which no request is started or retried. */
  readonly deadlineAt: number;
  /** Attempts per request, the first included. */
  readonly attempts: number;
  /** First pause between attempts, doubled each time up to `maxDelayMs`, with full jitter. */
  readonly startingDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_ATTEMPTS = 6;

/** The operation's time is up: raised instead of starting (or retrying) a request. */
export class DeadlineExceededError extends Error {
  constructor(readonly url: string) {
    super(`deadline reached before ${url} answered`);
    this.name = "DeadlineExceededError";
  }
}

/** A retryable status, kept so the last one can be handed back to the SDK unchanged. */
/** Headers an answer that ran out of retries carries, so the error can say how hard it was tried. */
export const ATTEMPTS_HEADER = "x-pulumi-directus-attempts";
export const ELAPSED_HEADER = "x-pulumi-directus-elapsed-ms";

/** The last answer after the retries ran out, marked with how many were sent and over how long. */
function markedAsRetried(response: Response, attempts: number, elapsedMs: number): Response {
  if (attempts <= 1) return response;
  const headers = new Headers(response.headers);
  headers.set(ATTEMPTS_HEADER, String(attempts));
  headers.set(ELAPSED_HEADER, String(Math.round(elapsedMs)));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

class RetryableAnswer extends Error {
  constructor(
    readonly response: Response,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`answered ${response.status}`);
  }
}

/**
 * Whether sending the request twice leaves Directus as sending it once: reads and updates, deletes
 * (the client treats "already gone" as done), and creates that carry their own primary key (a repeat
 * fails as a duplicate, which the resources resolve by adopting the object). Creates without a key
 * (permission batches) are not repeated here; the resources re-read and converge instead.
 */
export function isSafeToRepeat(method: string, body: unknown): boolean {
  const verb = method.toUpperCase();
  if (verb !== "POST") return true;
  if (typeof body !== "string") return false;
  try {
    const parsed: unknown = JSON.parse(body);
    const rows = Array.isArray(parsed) ? parsed : [parsed];
    return rows.length > 0 && rows.every((row) => typeof row === "object" && row !== null && "id" in row);
  } catch {
    return false;
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isTransientNetworkError(error: unknown): boolean {
  // Matched by name: fetch's TypeError may come from another realm (vm contexts, test runners).
  if (!isNamed(error, "TypeError")) return false;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" && TRANSIENT_NETWORK_CODES.has(code);
}

/** `instanceof` fails across realms; errors are told apart by name. */
export function isNamed(error: unknown, name: string): error is Error {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/**
 * A `fetch` that bounds every answer by the request timeout and the whole operation by its deadline,
 * and sends safe requests again after 429 (honouring `Retry-After`), 502/503/504 and connection
 * failures, with exponential backoff and full jitter. After the last attempt the last answer is
 * returned as it was, so callers see Directus' own error.
 */
export function resilientFetch(policy: RetryPolicy): typeof fetch {
  const send = async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const attempts = isSafeToRepeat(init.method ?? "GET", init.body) ? policy.attempts : 1;
    const started = Date.now();
    let sent = 0;
    const attempt = async (): Promise<Response> => {
      sent += 1;
      const remaining = policy.deadlineAt - Date.now();
      if (remaining <= 0) throw new DeadlineExceededError(urlOf(input));
      const cappedByDeadline = remaining < policy.requestTimeoutMs;
      const timeout = AbortSignal.timeout(cappedByDeadline ? remaining : policy.requestTimeoutMs);
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await globalThis.fetch(input, { ...init, signal });
      } catch (error) {
        if (cappedByDeadline && isNamed(error, "TimeoutError")) throw new DeadlineExceededError(urlOf(input));
        throw error;
      }
      if (RETRYABLE_STATUSES.has(response.status)) {
        throw new RetryableAnswer(response, retryAfterMs(response.headers.get("retry-after")));
      }
      return response;
    };
    // exponential-backoff calls this after every failure, the last one included, with the count so far.
    const retry = async (error: unknown, attemptsMade: number): Promise<boolean> => {
      if (attemptsMade >= attempts) return false;
      if (!(error instanceof RetryableAnswer) && !isTransientNetworkError(error)) return false;
      const pause = error instanceof RetryableAnswer ? (error.retryAfterMs ?? 0) : 0;
      if (Date.now() + pause >= policy.deadlineAt) return false;
      if (error instanceof RetryableAnswer) await error.response.body?.cancel();
      if (pause > 0) await sleep(pause);
      return true;
    };
    try {
      return await backOff(attempt, {
        numOfAttempts: attempts,
        startingDelay: policy.startingDelayMs,
        timeMultiple: 2,
        maxDelay: policy.maxDelayMs,
        jitter: "full",
        retry,
      });
    } catch (error) {
      if (error instanceof RetryableAnswer) return markedAsRetried(error.response, sent, Date.now() - started);
      throw error;
    }
  };
  return send as typeof fetch;
}

/**
 * Runs a whole read-then-write step again after a transient failure: for writes that cannot simply
 * be sent twice (permission batches carry no key), the step re-reads what exists and sends only what
 * is still missing, so repeating it converges instead of duplicating.
 */
export function converge<T>(step: () => Promise<T>, isTransient: (error: unknown) => boolean): Promise<T> {
  return backOff(step, {
    numOfAttempts: 4,
    startingDelay: 500,
    timeMultiple: 2,
    maxDelay: 8_000,
    jitter: "full",
    retry: (error) => isTransient(error),
  });
}
