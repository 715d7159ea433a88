/** Program values as plain data: outputs of this package's resources stand for their (planned) ids. */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../engine/framework";

export type Resolved = { value: unknown; known: boolean };

export interface OutputInternals {
  resources(): Set<pulumi.Resource>;
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/**
 * A plain value for an input: references to resources of this package become their (planned) ids
 * without waiting; other outputs are awaited (at preview they may stay unknown).
 */
export async function resolveInput(
  value: unknown,
  idOf: (resource: pulumi.Resource) => string | undefined,
): Promise<Resolved> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    const referenced = [...output.resources()].map(idOf).filter((id): id is string => id !== undefined);
    if (referenced.length === 1) return { value: referenced[0], known: true };
    if (referenced.length > 1) return { value: UNKNOWN, known: false };
    const known = await output.isKnown;
    if (!known) return { value: UNKNOWN, known: false };
    return resolveInput(await output.promise(), idOf);
  }
  if (value instanceof Promise) return resolveInput(await value, idOf);
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((item) => resolveInput(item, idOf)));
    return { value: items.map((i) => i.value), known: items.every((i) => i.known) };
  }
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveInput(v, idOf)] as const),
    );
    return {
      value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
      known: entries.every(([, r]) => r.known),
    };
  }
  return { value, known: true };
}
