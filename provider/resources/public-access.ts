import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../model/mapping";
import { type CommonArgs, commonInputShape, deleteOnDestroySchema, uuidSchema } from "./common-args";
import { DirectusResource } from "./directus-resource";
import type { ResourceDefinition } from "./framework";
import {
  duplicatePermissionFailures,
  type NormalizedPermission,
  type PermissionSpec,
  permissionKey,
  permissionListSchema,
  readPermissions,
  type SchemaMode,
  sortPermissions,
  syncPermissions,
} from "./permission-rules";

export { BUILT_IN_PUBLIC_POLICY_ID };

/** Arguments of the permissions granted to unauthenticated requests. */
export interface PublicAccessArgs extends CommonArgs {
  /**
   * Everything anonymous requests may do. Authoritative for the policy: permissions added in the
   * Studio are removed on the next `pulumi up`. Order does not matter.
   */
  permissions: pulumi.Input<pulumi.Input<PermissionSpec>[]>;
  /**
   * The public policy to manage. Default: the built-in public policy. Another policy is made public
   * (a `directus_access` row with neither role nor user) and un-published again on destroy.
   */
  policy?: pulumi.Input<string>;
  /**
   * Also delete, on destroy, the public permissions that existed before this resource took them over.
   * Default: false (destroy removes only the permissions the stack added; those it found stay as they are now).
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

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

const PUBLIC_LINK = { role: { _null: true }, user: { _null: true } };

async function publicLinks(client: DirectusClient, policy: string) {
  return client.listAccess({ ...PUBLIC_LINK, policy: { _eq: policy } });
}

/** Makes the policy public; returns the link's id when this resource made it (now or in a lost earlier attempt). */
async function ensurePublic(client: DirectusClient, policy: string, newId: string): Promise<string | undefined> {
  if (!(await client.getPolicy(policy))) {
    throw new Error(
      policy === BUILT_IN_PUBLIC_POLICY_ID
        ? "the built-in public policy was deleted from this instance. Create a Policy and pass its id as `policy` to make it public."
        : `policy ${policy} does not exist; pass the id of an existing policy.`,
    );
  }
  const links = await publicLinks(client, policy);
  if (links.some((link) => link.id === newId)) return newId;
  if (links.length > 0) return undefined;
  return (await client.createAccess({ id: newId, policy, role: null, user: null })).id;
}

export const publicAccessDefinition: ResourceDefinition<PublicAccessInputs, PublicAccessState> = {
  kind: "PublicAccess",
  schema: publicAccessInputsSchema,
  replaceOnChange: ["policy"],
  toSubject: (inputs) => ({ kind: "PublicAccess", inputs: { policy: inputs.policy, permissions: inputs.permissions } }),
  normalize: (inputs) => ({ ...inputs, permissions: sortPermissions(inputs.permissions) }),
  semanticCheck: (inputs) => duplicatePermissionFailures(inputs.permissions, "permissions"),
  async create(client, inputs, newId) {
    const createdAccessId = await client.converge(() => ensurePublic(client, inputs.policy, newId));
    const preexisting = [...new Set((await client.listPermissions(inputs.policy)).map(permissionKey))].sort();
    await syncPermissions(client, inputs.policy, inputs.permissions);
    const outs: PublicAccessState = {
      permissions: inputs.permissions,
      policy: inputs.policy,
      ...(createdAccessId ? { createdAccessId } : {}),
      preexisting,
      ...(inputs.deleteOnDestroy === undefined ? {} : { deleteOnDestroy: inputs.deleteOnDestroy }),
    };
    return { id: `public:${inputs.policy}`, outs };
  },
  async read(client, _id, state) {
    if (!(await client.getPolicy(state.policy))) return undefined;
    // Without a public link the policy grants anonymous requests nothing: the public access is gone.
    if ((await publicLinks(client, state.policy)).length === 0) return undefined;
    const permissions = await readPermissions(client, state.policy);
    const outs: PublicAccessState = { ...state, permissions };
    const inputs = {
      permissions,
      policy: state.policy,
      ...(state.deleteOnDestroy === undefined ? {} : { deleteOnDestroy: state.deleteOnDestroy }),
    };
    return { outs, inputs };
  },
  async update(client, _id, olds, news) {
    await syncPermissions(client, news.policy, news.permissions);
    // Built field by field: `olds` also carries the previous connection, which must not outlive a change of it.
    return {
      permissions: news.permissions,
      policy: news.policy,
      ...(olds.createdAccessId ? { createdAccessId: olds.createdAccessId } : {}),
      ...(olds.preexisting ? { preexisting: olds.preexisting } : {}),
      ...(news.deleteOnDestroy === undefined ? {} : { deleteOnDestroy: news.deleteOnDestroy }),
    };
  },
  async delete(client, _id, state) {
    // Permissions that were public before the stack stay, as they are now, unless the program opts in.
    const kept = new Set(state.deleteOnDestroy ? [] : (state.preexisting ?? []));
    const declared = new Set(state.permissions.map(permissionKey).filter((key) => !kept.has(key)));
    await syncPermissions(client, state.policy, [], declared);
    if (state.createdAccessId) await client.deleteAccess(state.createdAccessId);
  },
};

/** What anonymous requests may do: the permissions of the public policy. */
export class PublicAccess extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly permissions: pulumi.Output<NormalizedPermission[]>;

  constructor(name: string, args: PublicAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      publicAccessDefinition,
      name,
      args,
      {
        permissions: args.permissions,
        policy: args.policy,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
