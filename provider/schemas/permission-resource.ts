import { z } from "zod";
import { commonInputShape, deleteOnDestroySchema, uuidSchema } from "./common";
import { permissionSchema, type SchemaMode } from "./permission";

export function permissionInputsSchema(mode: SchemaMode = "strict") {
  return permissionSchema(mode)
    .extend({
      policy: uuidSchema("the policy"),
      adoptId: z.number().int().positive().optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict();
}

export type PermissionInputs = z.output<ReturnType<typeof permissionInputsSchema>>;
export type PermissionState = Omit<PermissionInputs, "connection">;
