import type { DirectusClient } from "../../client/directus-client";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../../model/mapping";
import { permissionKey, sortPermissions } from "../../model/permissions";
import { subjectOf } from "../../model/subjects";
import { duplicatePermissionFailures } from "../../schemas/permission";
import { type PublicAccessInputs, type PublicAccessState, publicAccessInputsSchema } from "../../schemas/public-access";
import type { ResourceDefinition } from "../framework";
import { readPermissions, syncPermissions } from "../permission-sync";

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
  toSubject: (inputs) => subjectOf("PublicAccess", inputs),
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
