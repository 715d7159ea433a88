import type { DirectusClient } from "../../client/directus-client";
import { definedFields, withoutConnection } from "../../model/fields";
import { linkFields } from "../../model/mapping";
import { subjectOf } from "../../model/subjects";
import {
  type PolicyAttachmentInputs,
  type PolicyAttachmentState,
  policyAttachmentInputsSchema,
} from "../../schemas/policy-attachment";
import type { ResourceDefinition } from "../framework";

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
  toSubject: (inputs) => subjectOf("PolicyAttachment", inputs),
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
