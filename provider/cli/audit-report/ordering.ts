/** Comparisons shared by the report: every renderer sorts the same way, so one instance gives one output. */

import { compareText } from "../../model/order";

/** Compares by each key in turn (as text, locale-independent). */
export function compareBy<T>(...keys: ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

export const byNameThenId = compareBy<{ name: string; id: string }>(
  (x) => x.name,
  (x) => x.id,
);

/**
 * Without duplicates, in text order. The same as model/permissions' `sortedFields`, which is named
 * (and documented) for field names; this one sorts ids and collection names.
 */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}
