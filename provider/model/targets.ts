/**
 * What a property path of a resource's inputs is about, stable while the program changes around it:
 * a permission by `<collection>:<action>` (its index in a list moves when others are added), anything
 * else by its top-level input key. Findings carry it, acknowledgements name it in `covers`, and values
 * kept as found are tracked by it.
 */
interface TargetInputs {
  readonly collection?: unknown;
  readonly action?: unknown;
  readonly permissions?: readonly { readonly collection: string; readonly action: string }[] | undefined;
}

export function targetAt(kind: string, value: object, property: string): string {
  const inputs = value as TargetInputs;
  if (kind === "Permission" && typeof inputs.collection === "string" && typeof inputs.action === "string") {
    return `${inputs.collection}:${inputs.action}`;
  }
  const index = /^permissions\[(\d+)\]/.exec(property)?.[1];
  const permission = index === undefined ? undefined : inputs.permissions?.[Number(index)];
  if (permission) return `${permission.collection}:${permission.action}`;
  return property.split(/[.[]/)[0] || property;
}
