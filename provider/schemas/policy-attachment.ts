import { z } from "zod";
import { commonInputShape, defaultsUnlessAdopted, deleteOnDestroySchema, uuidSchema } from "./common";

export function policyAttachmentInputsSchema() {
  return z
    .object({
      policy: uuidSchema("the policy"),
      role: uuidSchema("the role").optional(),
      user: uuidSchema("the user").optional(),
      sort: z.number().int().nullable().optional(),
      adoptId: uuidSchema("the link to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .superRefine((value, ctx) => {
      if ((value.role === undefined) === (value.user === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["role"],
          message:
            "set exactly one of 'role' and 'user' (to make a policy public, use PublicAccess instead of a link with neither)",
        });
      }
    })
    .transform(defaultsUnlessAdopted({ sort: null }));
}

export type PolicyAttachmentInputs = z.output<ReturnType<typeof policyAttachmentInputsSchema>>;
export type PolicyAttachmentState = Omit<PolicyAttachmentInputs, "connection">;
