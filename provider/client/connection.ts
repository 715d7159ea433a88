import { DirectusConnectionError } from "./errors";

/** Where and how the provider talks to Directus. Never stored in state or in the serialized provider. */
export interface Connection {
  readonly url: string;
  readonly token: string;
}

/** Per-resource override (the `connection` argument); values come from the program's secret config. */
export interface ConnectionOverride {
  readonly url?: string | undefined;
  readonly token?: string | undefined;
}

let configured: ConnectionOverride = {};

/** Called from the dynamic provider's configure(): remembers the stack's directus:url / directus:token. */
export function rememberStackConfig(get: (key: string) => string | undefined): void {
  configured = { url: get("directus:url"), token: get("directus:token") };
}

/** Resolution order: resource `connection` argument, stack config (directus:url/token), DIRECTUS_URL/DIRECTUS_TOKEN. */
export function resolveConnection(override?: ConnectionOverride): Connection {
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
  return { url: url.replace(/\/+$/, ""), token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
