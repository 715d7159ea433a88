import type { DirectusServer } from "./directus";

/**
 * Plain REST calls used by tests to check the instance independently of the provider's client.
 * Returns the HTTP status and the parsed `data` (undefined for empty bodies).
 */
export async function rest(
  server: DirectusServer,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  token: string | null = server.token,
): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${server.url}${pathAndQuery}`, init);
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { data?: unknown; errors?: unknown }) : undefined;
  return { status: response.status, data: parsed?.data ?? parsed?.errors };
}

export async function restData<T>(
  server: DirectusServer,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<T> {
  const { status, data } = await rest(server, method, pathAndQuery, body);
  if (status >= 300) throw new Error(`${method} ${pathAndQuery} -> ${status}: ${JSON.stringify(data)}`);
  return data as T;
}
