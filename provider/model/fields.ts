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
