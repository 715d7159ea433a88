/**
 * The collections this example grants access to. Directus' access control refers to collections by
 * name, so the example creates them on a bare instance (schema is normally managed with Directus'
 * own `schema snapshot/apply`, not with this provider). Runs only during a real update, never in preview.
 */
export const WEBSITE_COLLECTIONS: Record<string, string[]> = {
  posts: ["title", "slug", "body", "status"],
  form_submissions: ["name", "email", "message"],
  analytics: ["metric", "value"],
};

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<number> {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${url.replace(/\/+$/, "")}${path}`, init);
  if (response.status >= 300 && !(method === "GET" && response.status === 403)) {
    throw new Error(`${method} ${path} failed with ${response.status}: ${await response.text()}`);
  }
  return response.status;
}

/**
 * Creates `collection` with an auto-increment id, string `fields` and (unless told otherwise) the
 * `user_created` field Directus fills in. Returns false when it existed already.
 */
export async function ensureCollection(
  url: string,
  token: string,
  collection: string,
  fields: string[],
  options: { userCreated?: boolean } = {},
): Promise<boolean> {
  if ((await call(url, token, "GET", `/collections/${collection}`)) === 200) return false;
  const userCreated = options.userCreated ?? true;
  await call(url, token, "POST", "/collections", {
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
      ...(userCreated
        ? [{ field: "user_created", type: "uuid", meta: { special: ["user-created"], hidden: true }, schema: {} }]
        : []),
    ],
  });
  return true;
}

export async function ensureWebsiteCollections(url: string, token: string): Promise<string[]> {
  const created: string[] = [];
  for (const [collection, fields] of Object.entries(WEBSITE_COLLECTIONS)) {
    if (await ensureCollection(url, token, collection, fields)) created.push(collection);
  }
  return created;
}
