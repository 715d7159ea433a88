/** How a set of time intervals (requests, spans) overlapped: one sweep over their starts and ends. */
export interface Overlap {
  /** Time with at least one interval open. */
  readonly busyMs: number;
  /** Intervals open at once, on average over the busy time. */
  readonly mean: number;
  /** Most intervals open at one moment. */
  readonly max: number;
}

export function overlap(intervals: readonly { readonly start: number; readonly end: number }[]): Overlap {
  const edges = intervals.flatMap((i): [number, number][] => [
    [i.start, 1],
    [i.end, -1],
  ]);
  // An interval that ends where another starts does not overlap it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let [open, max, busy, weighted, last] = [0, 0, 0, 0, edges[0]?.[0] ?? 0];
  for (const [at, change] of edges) {
    if (open > 0) busy += at - last;
    weighted += open * (at - last);
    open += change;
    max = Math.max(max, open);
    last = at;
  }
  return { busyMs: busy, mean: busy > 0 ? weighted / busy : 0, max };
}
