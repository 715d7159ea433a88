import { z } from "zod";
import { ROLE_DEFAULTS } from "../model/mapping";
import { commonInputShape, defaultsUnlessAdopted, deleteOnDestroySchema, uuidSchema } from "./common";
import { DESCRIPTION_MAX_LENGTH, ICON_MAX_LENGTH, ROLE_NAME_MAX_LENGTH } from "./input-limits";
import type { SchemaMode } from "./permission";
import { limitedText } from "./refinements";

export function roleInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      name: limitedText("role name", ROLE_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty: give the role a name"),
      description: limitedText("description", DESCRIPTION_MAX_LENGTH, { strict, multiline: true })
        .nullable()
        .optional(),
      icon: limitedText("icon", ICON_MAX_LENGTH, { strict }).min(1).optional(),
      parent: uuidSchema("the parent role").nullable().optional(),
      adoptId: uuidSchema("the role to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(defaultsUnlessAdopted(ROLE_DEFAULTS));
}

export type RoleInputs = z.output<ReturnType<typeof roleInputsSchema>>;
export type RoleState = Omit<RoleInputs, "connection">;
