import { z } from "zod";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../model/mapping";
import type { NormalizedPermission } from "../model/permissions";
import { commonInputShape, deleteOnDestroySchema, uuidSchema } from "./common";
import { permissionListSchema, type SchemaMode } from "./permission";

export function publicAccessInputsSchema(mode: SchemaMode = "strict") {
  return z
    .object({
      permissions: permissionListSchema(mode),
      policy: uuidSchema("the public policy").default(BUILT_IN_PUBLIC_POLICY_ID),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict();
}

export type PublicAccessInputs = z.output<ReturnType<typeof publicAccessInputsSchema>>;
export interface PublicAccessState {
  permissions: NormalizedPermission[];
  policy: string;
  /** The access row this resource created to make `policy` public, if it was not public already. */
  createdAccessId?: string;
  /** `collection:action` of the public permissions that existed before this resource (kept on destroy). */
  preexisting?: string[];
  deleteOnDestroy?: boolean;
}
