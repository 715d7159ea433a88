/** One deterministic order for text, the same on every machine whatever its locale (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Property paths in reading order: numbers inside brackets compare as numbers, so `permissions[2]`
 * comes before `permissions[10]`.
 */
export function comparePaths(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    // split() with a capture group puts the digit runs at odd indexes.
    return i % 2 === 1 ? Number(x) - Number(y) || compareText(x, y) : compareText(x, y);
  }
  return pa.length - pb.length;
}
