/**
 * A bound on how deeply an argument may nest, applied before anything walks it recursively (the
 * engine's serialization, the judgement, the schemas): a filter nested a thousand levels deep must be
 * refused with its path, not exhaust the stack. Directus itself reads filters at most 10 levels deep.
 */
export const MAX_INPUT_DEPTH = 64;

/** The text that replaces a value nested deeper than the bound. */
export const TOO_DEEP = "(nested too deep)";

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `value` in which every plain object or list nested deeper than `max` is replaced by
 * {@link TOO_DEEP}, and the paths where that happened (e.g. `filter._and[0]._and[0]...`). Walks with
 * an explicit stack, so no depth of input can overflow it. Anything that is not a plain object or list
 * (outputs, promises, resources) is kept as it is.
 */
export function boundDepth(value: unknown, max = MAX_INPUT_DEPTH): { value: unknown; tooDeep: string[] } {
  const tooDeep: string[] = [];
  const root: { value: unknown } = { value };
  const stack: { holder: Record<string | number, unknown>; key: string | number; depth: number; path: string }[] = [
    { holder: root as Record<string, unknown>, key: "value", depth: 0, path: "" },
  ];
  while (stack.length > 0) {
    const { holder, key, depth, path } = stack.pop() as (typeof stack)[number];
    const current = holder[key];
    if (!isPlainContainer(current)) continue;
    if (depth >= max) {
      holder[key] = TOO_DEEP;
      tooDeep.push(path);
      continue;
    }
    const copy = (Array.isArray(current) ? [...current] : { ...current }) as Record<string | number, unknown>;
    holder[key] = copy;
    for (const childKey of Object.keys(copy)) {
      const index = Array.isArray(current) ? Number(childKey) : childKey;
      const childPath =
        typeof index === "number" ? `${path}[${index}]` : path === "" ? childKey : `${path}.${childKey}`;
      stack.push({ holder: copy, key: index, depth: depth + 1, path: childPath });
    }
  }
  return { value: root.value, tooDeep: tooDeep.sort() };
}
