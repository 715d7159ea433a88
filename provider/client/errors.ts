import { isDirectusError } from "@directus/sdk";
import { type Connection, DirectusConnectionError } from "./connection";

export { DirectusConnectionError };

import {
  ATTEMPTS_HEADER,
  DeadlineExceededError,
  ELAPSED_HEADER,
  isNamed,
  isTransientNetworkError,
  RETRYABLE_STATUSES,
} from "./resilient-fetch";

/** A request Directus refused, with its HTTP status and Directus error code (e.g. FORBIDDEN, RESOURCE_RESTRICTED). */
export class DirectusRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: string,
    readonly detail: string,
    /** How often the request was sent and over how long, when it was retried. */
    readonly retried?: { readonly attempts: number; readonly seconds: number } | undefined,
  ) {
    super(
      retried
        ? `${operation} failed after ${retried.attempts} attempts over ${retried.seconds} s; Directus' last answer was ${status ?? "no status"} ${code}: ${detail}. Fix: the server is overloaded or restarting - check its /server/ping and logs, then run the command again (what was applied is kept); a longer directus:operationTimeout gives it more time.`
        : `${operation} failed: Directus answered ${status ?? "no status"} ${code}: ${detail}${hintFor(code, status)}`,
    );
    this.name = "DirectusRequestError";
  }
}

/** The object the resource manages no longer exists on the server (deleted out of band). */
export class DirectusObjectGoneError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(
      `${collection} ${id} no longer exists on the Directus server (deleted outside Pulumi). Run 'pulumi refresh' to drop it from the state, then 'pulumi up' to create it again.`,
    );
    this.name = "DirectusObjectGoneError";
  }
}

function hintFor(code: string, status: number | undefined): string {
  if (code === "RESOURCE_RESTRICTED") {
    return ' (this Directus runs without a licence for the feature: on Directus 12 Core tier, custom permission rules - field lists other than ["*"], item filters, validation and presets - are refused; grant all fields without rules or add a licence)';
  }
  if (code === "INVALID_CREDENTIALS" || code === "TOKEN_EXPIRED" || status === 401) {
    return " (check directus:token / DIRECTUS_TOKEN)";
  }
  return "";
}

function responseOf(error: unknown): Response | undefined {
  if (typeof error === "object" && error !== null && "response" in error) {
    const response = (error as { response?: unknown }).response;
    if (response instanceof Response) return response;
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  return responseOf(error)?.status;
}

function retriedOf(error: unknown): { attempts: number; seconds: number } | undefined {
  const headers = responseOf(error)?.headers;
  const attempts = Number(headers?.get(ATTEMPTS_HEADER));
  if (!Number.isFinite(attempts) || attempts <= 1) return undefined;
  return { attempts, seconds: Math.round(Number(headers?.get(ELAPSED_HEADER) ?? 0) / 100) / 10 };
}

/** Turns whatever the SDK threw into a DirectusRequestError (or a connection error). */
export function toRequestError(operation: string, error: unknown, connection: Connection): Error {
  const baseUrl = connection.url;
  if (isNamed(error, "TimeoutError")) {
    const seconds = (connection.timeoutMs ?? 0) / 1000;
    return new DirectusConnectionError(
      `Directus at ${baseUrl} did not answer within ${seconds} s during ${operation}. Check that the server is healthy (its /server/ping), or raise the limit: pulumi config set directus:requestTimeout <seconds>.`,
    );
  }
  if (error instanceof DeadlineExceededError) {
    const seconds = (connection.operationTimeoutMs ?? 0) / 1000;
    return new DirectusConnectionError(
      `Directus at ${baseUrl} did not let ${operation} finish within directus:operationTimeout (${seconds} s, retries included). Check the server's health (its /server/ping) and logs, or raise the limit: pulumi config set directus:operationTimeout <seconds>.`,
    );
  }
  if (isDirectusError(error)) {
    const first = error.errors[0];
    return new DirectusRequestError(
      operation,
      statusOf(error),
      first?.extensions.code ?? "UNKNOWN",
      error.errors.map((e) => e.message).join("; ") || error.message,
      retriedOf(error),
    );
  }
  if (isNamed(error, "TypeError") && /fetch failed/i.test(error.message)) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? "network error";
    return new DirectusConnectionError(
      `cannot reach Directus at ${baseUrl} (${cause}) during ${operation}. Check ${connection.urlSource ?? "directus:url (pulumi config set directus:url https://...) or DIRECTUS_URL"}, and that the server is running.`,
      isTransientNetworkError(error),
    );
  }
  if (error instanceof Error) return error;
  return new Error(`${operation} failed: ${String(error)}`);
}

/** True when a create failed because an object with that key (or unique value) exists already. */
export function isDuplicate(error: unknown): boolean {
  return error instanceof DirectusRequestError && error.code === "RECORD_NOT_UNIQUE";
}

/** A failure that may not happen again: "not now" answers and dropped connections. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof DirectusRequestError) return error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
  return error instanceof DirectusConnectionError && error.transient;
}

/** True when Directus answered 403 FORBIDDEN, which it also does for ids that do not exist. */
export function isForbidden(error: unknown): boolean {
  return error instanceof DirectusRequestError && (error.status === 403 || error.code === "FORBIDDEN");
}
