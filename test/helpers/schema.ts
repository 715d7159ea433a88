import type { DirectusServer } from "./directus";
import { rest } from "./rest";

/** Creates a collection with string fields (and Directus' user_created when asked), if missing. */
export async function ensureCollection(
  server: DirectusServer,
  collection: string,
  fields: string[],
  options: { userCreated?: boolean } = {},
): Promise<void> {
  const existing = await rest(server, "GET", `/collections/${collection}`);
  if (existing.status === 200) return;
  const body = {
    collection,
    schema: {},
    meta: { icon: "article" },
    fields: [
      {
        field: "id",
        type: "integer",
        meta: { hidden: true },
        schema: { is_primary_key: true, has_auto_increment: true },
      },
      ...fields.map((field) => ({ field, type: "string", meta: {}, schema: {} })),
      ...(options.userCreated
        ? [{ field: "user_created", type: "uuid", meta: { special: ["user-created"] }, schema: {} }]
        : []),
    ],
  };
  const created = await rest(server, "POST", "/collections", body);
  if (created.status >= 300) throw new Error(`create collection ${collection}: ${JSON.stringify(created.data)}`);
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
