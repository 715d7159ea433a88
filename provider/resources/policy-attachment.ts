import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { linkFields } from "../model/mapping";
import { type CommonArgs, commonInputShape, uuidSchema, withoutConnection } from "./common-args";
import { DirectusResource } from "./directus-resource";
import type { ResourceDefinition } from "./framework";

/** Arguments of one policy link (`directus_access` row): a policy attached to a role or to a user. */
export interface PolicyAttachmentArgs extends CommonArgs {
  /** Policy id. Changing it replaces the link. */
  policy: pulumi.Input<string>;
  /** Role id; set exactly one of `role` and `user`. Changing it replaces the link. */
  role?: pulumi.Input<string>;
  /** User id; set exactly one of `role` and `user`. Note: `enforceTfa` is not enforced at login through user links. */
  user?: pulumi.Input<string>;
  /** Position among the role's/user's policies. Default: none. */
  sort?: pulumi.Input<number | null>;
}

export function policyAttachmentInputsSchema() {
  return z
    .object({
      policy: uuidSchema("the policy"),
      role: uuidSchema("the role").optional(),
      user: uuidSchema("the user").optional(),
      sort: z.number().int().nullable().default(null),
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
    });
}

export type PolicyAttachmentInputs = z.output<ReturnType<typeof policyAttachmentInputsSchema>>;
export type PolicyAttachmentState = Omit<PolicyAttachmentInputs, "connection">;


export const policyAttachmentDefinition: ResourceDefinition<PolicyAttachmentInputs, PolicyAttachmentState> = {
  kind: "PolicyAttachment",
  schema: policyAttachmentInputsSchema,
  replaceOnChange: ["policy", "role", "user"],
  toSubject: (inputs) => ({
    kind: "PolicyAttachment",
    inputs: { policy: inputs.policy, role: inputs.role, user: inputs.user },
  }),
  async create(client, inputs, newId) {
    const body = { policy: inputs.policy, role: inputs.role ?? null, user: inputs.user ?? null, sort: inputs.sort };
    const created = await client.createOrTakeOver(
      () => client.createAccess({ id: newId, ...body }),
      async () => (await client.getAccess(newId)) !== undefined,
      () => client.updateAccess(newId, { sort: inputs.sort }),
    );
    return { id: created.id, outs: withoutConnection(inputs) };
  },
  async read(client, id) {
    const record = await client.getAccess(id);
    if (!record) return undefined;
    const current = linkFields(record);
    return { outs: current, inputs: current };
  },
  async update(client, id, _olds, news) {
    await client.updateAccess(id, { sort: news.sort });
    return withoutConnection(news);
  },
  async delete(client, id) {
    // Only this link is removed; links made by hand in the Studio stay.
    await client.deleteAccess(id);
  },
};

/** Attaches a policy to a role or a user. Manages only the link it created. */
export class PolicyAttachment extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string | undefined>;
  declare readonly user: pulumi.Output<string | undefined>;
  declare readonly sort: pulumi.Output<number | null>;

  constructor(name: string, args: PolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      policyAttachmentDefinition,
      name,
      args,
      {
        policy: args.policy,
        role: args.role,
        user: args.user,
        sort: args.sort,
      },
      opts,
    );
  }
}
