import type { PermissionSpec } from "pulumi-directus";

export interface GeneratedPolicy {
  key: string;
  name: string;
  permissions: PermissionSpec[];
}

const ACTIONS = ["create", "read", "update", "delete", "share"] as const;

/** The collections the generated permissions name (the benchmark creates them, as real instances have them). */
export function generatedCollections(perPolicy: number): string[] {
  const count = Math.ceil(perPolicy / ACTIONS.length);
  return [...Array.from({ length: count }, (_, i) => `bench_collection_${i}`), "bench_changed"];
}

/**
 * `count` policies, each with `perPolicy` distinct permissions (collection x action). `changed` moves
 * the first permission of the first policy to another collection: the benchmark's one-permission change.
 */
export function generatedPolicies(count: number, perPolicy: number, changed = false): GeneratedPolicy[] {
  return Array.from({ length: count }, (_, p) => ({
    key: `bench-${p}`,
    name: `Bench policy ${p}`,
    permissions: Array.from({ length: perPolicy }, (_, i) => ({
      collection:
        changed && p === 0 && i === 0 ? "bench_changed" : `bench_collection_${Math.floor(i / ACTIONS.length)}`,
      action: ACTIONS[i % ACTIONS.length] ?? "read",
      fields: ["*"],
    })),
  }));
}
