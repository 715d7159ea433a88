import type { PermissionSpec } from "pulumi-directus";

export interface GeneratedPolicy {
  key: string;
  name: string;
  permissions: PermissionSpec[];
}

const ACTIONS = ["create", "read", "update", "delete", "share"] as const;

/** `count` policies, each with `perPolicy` distinct permissions (collection x action). */
export function generatedPolicies(count: number, perPolicy: number): GeneratedPolicy[] {
  return Array.from({ length: count }, (_, p) => ({
    key: `bench-${p}`,
    name: `Bench policy ${p}`,
    permissions: Array.from({ length: perPolicy }, (_, i) => ({
      collection: `bench_collection_${Math.floor(i / ACTIONS.length)}`,
      action: ACTIONS[i % ACTIONS.length] ?? "read",
      fields: ["*"],
    })),
  }));
}
