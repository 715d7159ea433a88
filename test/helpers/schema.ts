import { ensureCollection as createCollection } from "../../examples/website/content-schema";
import type { DirectusServer } from "./directus";

/** Creates a collection with string fields (and Directus' user_created when asked), if missing. */
export async function ensureCollection(
  server: DirectusServer,
  collection: string,
  fields: string[],
  options: { userCreated?: boolean } = {},
): Promise<void> {
  await createCollection(server.url, server.token, collection, fields, { userCreated: options.userCreated ?? false });
}

/** Counts the HTTP requests this process sends while `run` executes, by "METHOD /path". */
export async function countRequests(run: () => Promise<unknown>): Promise<Map<string, number>> {
  const original = globalThis.fetch;
  const counts = new Map<string, number>();
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const key = `${method} ${url.pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original(input, init);
  }) as typeof fetch;
  try {
    await run();
  } finally {
    globalThis.fetch = original;
  }
  return counts;
}
