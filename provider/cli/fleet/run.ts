/** Audits every instance of a fleet, a few at a time; one that cannot be read does not stop the others. */

import type { AuditReport } from "../audit-report";
import type { FleetInstance } from "./instances";

export type FleetEntry =
  | { readonly instance: FleetInstance; readonly status: "audited"; readonly report: AuditReport }
  | { readonly instance: FleetInstance; readonly status: "failed"; readonly error: string };

/** Runs `work` on every item, at most `limit` at once; results keep the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function auditFleet(
  instances: readonly FleetInstance[],
  concurrency: number,
  audit: (instance: FleetInstance) => Promise<AuditReport>,
): Promise<FleetEntry[]> {
  return mapLimited(instances, concurrency, async (instance): Promise<FleetEntry> => {
    try {
      return { instance, status: "audited", report: await audit(instance) };
    } catch (error) {
      return { instance, status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  });
}
