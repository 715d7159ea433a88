import { z } from "zod";
import { commonInputShape, defaultsUnlessAdopted, deleteOnDestroySchema, uuidSchema } from "./common";
import { EMAIL_MAX_LENGTH, PERSON_NAME_MAX_LENGTH, textLimitProblem } from "./input-limits";
import type { SchemaMode } from "./permission";
import { limitedText, reportProblem } from "./refinements";

export const USER_STATUSES = ["active", "suspended", "draft", "invited", "archived"] as const;

export function serviceAccountInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      email: z
        .email("must be an email address")
        .superRefine(reportProblem((email: string) => textLimitProblem(email, "email", EMAIL_MAX_LENGTH)))
        .transform((email) => email.toLowerCase())
        .nullable()
        .optional(),
      firstName: limitedText("first name", PERSON_NAME_MAX_LENGTH, { strict }).nullable().optional(),
      lastName: limitedText("last name", PERSON_NAME_MAX_LENGTH, { strict }).nullable().optional(),
      role: uuidSchema("the role").nullable().optional(),
      status: z.enum(USER_STATUSES).optional(),
      rotation: z.string().optional(),
      adoptId: uuidSchema("the user to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(
      defaultsUnlessAdopted({ email: null, firstName: null, lastName: null, role: null, status: "active" as const }),
    );
}

export type ServiceAccountInputs = z.output<ReturnType<typeof serviceAccountInputsSchema>>;
/** `token` is null for an adopted account until the stack rotates it (Directus never reveals a token). */
export type ServiceAccountState = Omit<ServiceAccountInputs, "connection"> & { token: string | null };
