import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import { linkFields } from "../model/mapping";
import {
  type CommonArgs,
  commonInputShape,
  defaultsUnlessAdopted,
  definedFields,
  deleteOnDestroySchema,
  uuidSchema,
  withoutConnection,
} from "./common-args";
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
  /** Position among the role's/user's policies. Default: none (an adopted link keeps its own). */
  sort?: pulumi.Input<number | null>;
  /**
   * Take over this existing link (its `directus_access` id) instead of creating a second one. It must
   * link the same policy and role/user. Destroy leaves an adopted link in place.
   */
  adoptId?: pulumi.Input<string>;
  /** With `adoptId`: also delete the link on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

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

/** Takes over an existing link after checking it links what the program says. */
async function adopt(client: DirectusClient, id: string, inputs: PolicyAttachmentInputs): Promise<void> {
  const record = await client.getAccess(id);
  if (!record) throw new Error(`adoptId ${id}: no such link on the server; remove adoptId to create one.`);
  const wanted = { policy: inputs.policy, role: inputs.role ?? null, user: inputs.user ?? null };
  const found = { policy: record.policy, role: record.role ?? null, user: record.user ?? null };
  if (JSON.stringify(wanted) !== JSON.stringify(found)) {
    throw new Error(
      `adoptId ${id}: that link attaches policy ${found.policy} to ${found.role ? `role ${found.role}` : `user ${found.user}`}, not what this resource declares; fix policy/role/user or adoptId.`,
    );
  }
  if (inputs.sort !== undefined) await client.updateAccess(id, { sort: inputs.sort });
}

export const policyAttachmentDefinition: ResourceDefinition<PolicyAttachmentInputs, PolicyAttachmentState> = {
  kind: "PolicyAttachment",
  schema: policyAttachmentInputsSchema,
  replaceOnChange: ["policy", "role", "user", "adoptId"],
  toSubject: (inputs) => ({
    kind: "PolicyAttachment",
    inputs: { policy: inputs.policy, role: inputs.role, user: inputs.user },
  }),
  async create(client, inputs, newId) {
    if (inputs.adoptId !== undefined) {
      await adopt(client, inputs.adoptId, inputs);
      return { id: inputs.adoptId, outs: withoutConnection(inputs) };
    }
    const body = { policy: inputs.policy, role: inputs.role ?? null, user: inputs.user ?? null, sort: inputs.sort };
    const created = await client.createOrTakeOver(
      () => client.createAccess({ id: newId, ...body }),
      async () => (await client.getAccess(newId)) !== undefined,
      () => client.updateAccess(newId, { sort: inputs.sort }),
    );
    return { id: created.id, outs: withoutConnection(inputs) };
  },
  async read(client, id, state) {
    const record = await client.getAccess(id);
    if (!record) return undefined;
    const { sort, ...link } = linkFields(record);
    const current = { ...state, ...link, ...("sort" in state ? { sort } : {}) };
    return { outs: current, inputs: current };
  },
  async update(client, id, _olds, news) {
    const body = definedFields({ sort: news.sort });
    if (Object.keys(body).length > 0) await client.updateAccess(id, body);
    return withoutConnection(news);
  },
  async delete(client, id, state) {
    // An adopted link existed before the stack: destroy leaves it in place.
    if (state.adoptId !== undefined && !state.deleteOnDestroy) return;
    // Only this link is removed; links made by hand in the Studio stay.
    await client.deleteAccess(id);
  },
};

/** Attaches a policy to a role or a user. Manages only the link it created. */
export class PolicyAttachment extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string | undefined>;
  declare readonly user: pulumi.Output<string | undefined>;
  declare readonly sort: pulumi.Output<number | null | undefined>;

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
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
