/** Schema parts every resource kind shares: the connection, acknowledgements, ids, adoption defaults. */
import { z } from "zod";

export function connectionSchema() {
  return z
    .object({
      url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://cms.example.com" }),
      token: z.string().min(1, "must not be empty"),
    })
    .strict()
    .optional();
}

/** A Directus primary key of a role, policy or user (UUID). */
export function uuidSchema(what: string) {
  return z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be the UUID of ${what}`);
}

export function acknowledgeSchema() {
  return z
    .array(
      z
        .object({
          rule: z.string().min(1, "name a rule id such as DSEC-001"),
          reason: z.string().trim().min(10, "explain in a sentence why this exemption is acceptable"),
          covers: z
            .array(z.string().min(1, "name a target such as posts:create or adminAccess"))
            .min(1, 'name what it covers, e.g. ["posts:create"], or leave covers out')
            .optional(),
        })
        .strict(),
    )
    .optional();
}

/** Schema entries for the arguments every resource takes (`CommonArgs`); spread into each resource's object schema. */
export function commonInputShape() {
  return { acknowledge: acknowledgeSchema(), connection: connectionSchema() };
}

/**
 * Defaults that apply to objects the resource creates. An adopted object keeps what the program does
 * not mention: those fields stay out of the inputs, so they are neither written nor compared.
 */
export function defaultsUnlessAdopted<D extends object>(defaults: D) {
  return <T extends { adoptId?: unknown }>(value: T): T => {
    if (value.adoptId !== undefined) return value;
    const filled: Record<string, unknown> = { ...value };
    for (const [key, fallback] of Object.entries(defaults)) if (filled[key] === undefined) filled[key] = fallback;
    return filled as T;
  };
}

/** `deleteOnDestroy`: whether destroy also deletes an adopted object (by default it is left in place). */
export function deleteOnDestroySchema() {
  return z.boolean().optional();
}
