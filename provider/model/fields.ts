/** Plain-object helpers for writes and state. */
import { canonicalJson } from "./canonical";

/** The state of a resource: its inputs without the connection (which is kept separately as a secret output). */
export function withoutConnection<T extends { connection?: unknown }>(inputs: T): Omit<T, "connection"> {
  const { connection: _connection, ...state } = inputs;
  return state;
}

/** The body of a write: fields the program left out are not sent. */
export function definedFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * The fields of `after` whose value differs from `before` (object key order never matters): what an
 * update needs to send. Fields the program stops managing (absent in `after`) are not sent.
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => canonicalJson(value) !== canonicalJson(before[key])),
  );
}

/** Keys the engine and this package add to a resource's properties (`__provider`, `__guard`, ...). */
export function isEngineKey(key: string): boolean {
  return key.startsWith("__");
}

/** A resource's properties as the program wrote them: without the keys the engine and this package add. */
export function withoutEngineKeys(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !isEngineKey(key)));
}

/** The arguments every resource takes besides its own (`CommonArgs`). */
export const COMMON_INPUT_KEYS = ["acknowledge", "connection"] as const;
