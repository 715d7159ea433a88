import { isIP } from "node:net";
import { z } from "zod";
import { POLICY_DEFAULTS } from "../model/mapping";
import { commonInputShape, defaultsUnlessAdopted, deleteOnDestroySchema, uuidSchema } from "./common";
import { DESCRIPTION_MAX_LENGTH, ICON_MAX_LENGTH, POLICY_NAME_MAX_LENGTH } from "./input-limits";
import { permissionListSchema, type SchemaMode } from "./permission";
import { limitedText } from "./refinements";

/** An entry of `ip_access` as Directus matches it: an address, a CIDR block or a from-to range. */
export function isIpRule(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  if (prefix !== undefined) {
    const bits = Number(prefix);
    const max = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : -1;
    return /^\d+$/.test(prefix) && bits >= 0 && bits <= max;
  }
  const range = address.split("-");
  if (range.length === 2) return range.every((end) => isIP(end) !== 0);
  return isIP(address) !== 0;
}

export function policyInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      name: limitedText("policy name", POLICY_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty: give the policy a name"),
      description: limitedText("description", DESCRIPTION_MAX_LENGTH, { strict, multiline: true })
        .nullable()
        .optional(),
      icon: limitedText("icon", ICON_MAX_LENGTH, { strict }).min(1).optional(),
      adminAccess: z.boolean().optional(),
      appAccess: z.boolean().optional(),
      enforceTfa: z.boolean().optional(),
      ipAccess: z
        .array(
          mode === "strict"
            ? z
                .string()
                .trim()
                .refine(isIpRule, "must be an IP address, a CIDR block (10.0.0.0/8) or a range (10.0.0.1-10.0.0.9)")
            : z.string().trim(),
        )
        .nullable()
        .optional()
        .transform((list) =>
          list === undefined ? undefined : list === null || list.length === 0 ? null : [...new Set(list)].sort(),
        ),
      permissions: permissionListSchema(mode).optional(),
      adoptId: uuidSchema("the policy to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(defaultsUnlessAdopted(POLICY_DEFAULTS));
}

export type PolicyInputs = z.output<ReturnType<typeof policyInputsSchema>>;
export type PolicyState = Omit<PolicyInputs, "connection">;
