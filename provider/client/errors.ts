import { isDirectusError } from "@directus/sdk";

/** A request Directus refused, with its HTTP status and Directus error code (e.g. FORBIDDEN, RESOURCE_RESTRICTED). */
export class DirectusRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${operation} failed: Directus answered ${status ?? "no status"} ${code}: ${detail}${hintFor(code, status)}`);
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

/** The provider cannot reach or authenticate against Directus; names the setting to fix. */
export class DirectusConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DirectusConnectionError";
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

function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "response" in error) {
    const response = (error as { response?: unknown }).response;
    if (response instanceof Response) return response.status;
  }
  return undefined;
}

/** Turns whatever the SDK threw into a DirectusRequestError (or a connection error). */
export function toRequestError(operation: string, error: unknown, baseUrl: string, timeoutMs?: number): Error {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    const seconds = (timeoutMs ?? 0) / 1000;
    return new DirectusConnectionError(
      `Directus at ${baseUrl} did not answer within ${seconds} s during ${operation}. Check that the server is healthy (its /server/ping), or raise the limit: pulumi config set directus:requestTimeout <seconds>.`,
    );
  }
  if (isDirectusError(error)) {
    const first = error.errors[0];
    return new DirectusRequestError(
      operation,
      statusOf(error),
      first?.extensions.code ?? "UNKNOWN",
      error.errors.map((e) => e.message).join("; ") || error.message,
    );
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? "network error";
    return new DirectusConnectionError(
      `cannot reach Directus at ${baseUrl} (${cause}) during ${operation}. Check directus:url (pulumi config set directus:url https://...) or DIRECTUS_URL, and that the server is running.`,
    );
  }
  if (error instanceof Error) return error;
  return new Error(`${operation} failed: ${String(error)}`);
}

/** True when Directus answered 403 FORBIDDEN, which it also does for ids that do not exist. */
export function isForbidden(error: unknown): boolean {
  return error instanceof DirectusRequestError && (error.status === 403 || error.code === "FORBIDDEN");
}
