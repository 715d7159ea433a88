import { z } from "zod";
import { passwordPolicyFromDirectus, passwordPolicyToDirectus, stripSlashes } from "../model/password-policy";
import { commonInputShape, uuidSchema } from "./common";
import { PROJECT_NAME_MAX_LENGTH } from "./input-limits";
import type { SchemaMode } from "./permission";
import { limitedText } from "./refinements";

function compiles(source: string): boolean {
  try {
    new RegExp(stripSlashes(source));
    return true;
  } catch {
    return false;
  }
}

export function securitySettingsInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      projectName: limitedText("project name", PROJECT_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty")
        .optional(),
      passwordPolicy: z
        .union([
          z.enum(["strong", "weak", "none"]),
          z
            .object({
              regex: z
                .string()
                .min(1)
                .refine(compiles, "is not a valid regular expression (Directus compiles it without flags)"),
            })
            .strict(),
        ])
        // A regex equal to a preset reads back as the preset: store it that way so refresh shows no diff.
        .transform((policy) => passwordPolicyFromDirectus(passwordPolicyToDirectus(policy)))
        .optional(),
      loginAttempts: z.number().int().min(1, "must be at least 1, or null for unlimited").nullable().optional(),
      publicRegistration: z
        .object({
          enabled: z.boolean(),
          verifyEmail: z.boolean().default(true),
          role: uuidSchema("the role for self-registered users").nullable().default(null),
          emailFilter: z.record(z.string(), z.unknown()).nullable().default(null),
        })
        .strict()
        .optional(),
      production: z.boolean().optional(),
      ...commonInputShape(),
    })
    .strict();
}

export type SecuritySettingsInputs = z.output<ReturnType<typeof securitySettingsInputsSchema>>;
export type ManagedSettings = Omit<SecuritySettingsInputs, "connection" | "acknowledge" | "production">;
export type SecuritySettingsState = ManagedSettings & {
  production?: boolean | undefined;
  acknowledge?: SecuritySettingsInputs["acknowledge"];
  /** Directus field -> the value it had before this resource first changed it. */
  restore: Record<string, unknown>;
};
