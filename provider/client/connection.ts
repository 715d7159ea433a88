/** Where and how the provider talks to Directus. Never stored in state or in the serialized provider. */
export interface Connection {
  readonly url: string;
  readonly token: string;
  /** Where the token was set, for messages: `directus:token`, `DIRECTUS_TOKEN` or a resource's `connection.token`. */
  readonly tokenSource?: string | undefined;
  /** Where the URL was set, for messages, when not the stack's settings (e.g. an instances file). */
  readonly urlSource?: string | undefined;
  /** Longest wait for one request's answer, in milliseconds (`directus:requestTimeout` seconds, default 30). */
  readonly timeoutMs?: number | undefined;
  /**
   * Longest time one provider call (or the program's check) may spend on Directus, retries and pauses
   * included, in milliseconds (`directus:operationTimeout` seconds, default 300).
   */
  readonly operationTimeoutMs?: number | undefined;
}

/** The provider cannot reach or authenticate against Directus; names the setting to fix. */
export class DirectusConnectionError extends Error {
  constructor(
    message: string,
    /** A dropped or refused connection, which may work a moment later (never a timeout or a bad setting). */
    readonly transient = false,
  ) {
    super(message);
    this.name = "DirectusConnectionError";
  }
}

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 300;

/** Per-resource override (the `connection` argument); values come from the program's secret config. */
export interface ConnectionOverride {
  readonly url?: string | undefined;
  readonly token?: string | undefined;
  /** `directus:requestTimeout`, in seconds, as configured. */
  readonly requestTimeout?: string | undefined;
  /** `directus:operationTimeout`, in seconds, as configured. */
  readonly operationTimeout?: string | undefined;
  /** Where `token` was set (see {@link Connection.tokenSource}). */
  readonly tokenSource?: string | undefined;
  /** Where `url` was set (see {@link Connection.urlSource}). */
  readonly urlSource?: string | undefined;
}

/** A stack's `directus:*` settings, read through whatever gives them (Pulumi config, the provider's configure). */
export type StackSettings = (key: string) => string | undefined;

/** The connection settings of a stack's `directus:url`, `directus:token` and timeouts. */
export function connectionSettingsOf(get: StackSettings): ConnectionOverride {
  return {
    url: get("directus:url"),
    token: get("directus:token"),
    requestTimeout: get("directus:requestTimeout"),
    operationTimeout: get("directus:operationTimeout"),
  };
}

/**
 * Resolution order: resource `connection` argument, the stack's settings (directus:url/token; see
 * {@link connectionSettingsOf}), DIRECTUS_URL/DIRECTUS_TOKEN.
 */
export function resolveConnection(override?: ConnectionOverride, configured: ConnectionOverride = {}): Connection {
  const url = nonEmpty(override?.url) ?? nonEmpty(configured.url) ?? nonEmpty(process.env.DIRECTUS_URL);
  const token = nonEmpty(override?.token) ?? nonEmpty(configured.token) ?? nonEmpty(process.env.DIRECTUS_TOKEN);
  if (!url) {
    throw new DirectusConnectionError(
      "directus:url is not set. Run 'pulumi config set directus:url https://directus.example.com' (or export DIRECTUS_URL).",
    );
  }
  if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    throw new DirectusConnectionError(
      `directus:url must be an http(s) URL such as https://directus.example.com; got '${url}'.`,
    );
  }
  if (!token) {
    throw new DirectusConnectionError(
      "directus:token is not set. Run 'pulumi config set --secret directus:token <admin static token>' (or export DIRECTUS_TOKEN).",
    );
  }
  const tokenSource =
    override?.tokenSource ??
    (nonEmpty(override?.token) ? "connection.token" : nonEmpty(configured.token) ? "directus:token" : "DIRECTUS_TOKEN");
  return {
    url: url.replace(/\/+$/, ""),
    token,
    tokenSource,
    ...(override?.urlSource ? { urlSource: override.urlSource } : {}),
    timeoutMs: secondsSetting(
      "requestTimeout",
      override?.requestTimeout ?? configured.requestTimeout,
      process.env.DIRECTUS_REQUEST_TIMEOUT,
      DEFAULT_REQUEST_TIMEOUT_SECONDS,
    ),
    operationTimeoutMs: secondsSetting(
      "operationTimeout",
      override?.operationTimeout ?? configured.operationTimeout,
      process.env.DIRECTUS_OPERATION_TIMEOUT,
      DEFAULT_OPERATION_TIMEOUT_SECONDS,
    ),
  };
}

/** A `directus:<name>` setting in seconds (config first, then environment), as milliseconds. */
function secondsSetting(
  name: string,
  configuredValue: string | undefined,
  environment: string | undefined,
  fallback: number,
): number {
  const raw = nonEmpty(configuredValue) ?? nonEmpty(environment);
  if (raw === undefined) return fallback * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new DirectusConnectionError(
      `directus:${name} must be a number of seconds > 0; got '${raw}'. Fix: pulumi config set directus:${name} ${fallback}`,
    );
  }
  return seconds * 1000;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
