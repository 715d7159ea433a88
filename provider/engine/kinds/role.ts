import type { DirectusClient } from "../../client/directus-client";
import type { RoleRecord } from "../../client/records";
import { changedFields, definedFields, withoutConnection } from "../../model/fields";
import { managedPart, roleFields } from "../../model/mapping";
import { subjectOf } from "../../model/subjects";
import { type RoleInputs, type RoleState, roleInputsSchema } from "../../schemas/role";
import type { ResourceDefinition } from "../framework";

function toBody(inputs: RoleState): Record<string, unknown> {
  return definedFields({
    name: inputs.name,
    description: inputs.description,
    icon: inputs.icon,
    parent: inputs.parent,
  });
}

function toInputs(record: RoleRecord, previous: RoleState): RoleState {
  return { ...previous, ...managedPart(roleFields(record), previous) };
}

async function adoptOrCreate(client: DirectusClient, inputs: RoleInputs, newId: string): Promise<RoleRecord> {
  if (inputs.adoptId === undefined) {
    return client.createOrTakeOver(
      () => client.createRole({ id: newId, ...toBody(inputs) }),
      async () => (await client.getRole(newId)) !== undefined,
      () => client.updateRole(newId, toBody(inputs)),
    );
  }
  const existing = await client.getRole(inputs.adoptId);
  if (!existing)
    throw new Error(`adoptId ${inputs.adoptId}: no such role on the server; remove adoptId to create a new role.`);
  // Only what differs is written: a role taken over as it is stays as it is.
  const changed = changedFields(toBody(roleFields(existing) as RoleInputs), toBody(inputs));
  return Object.keys(changed).length > 0 ? client.updateRole(inputs.adoptId, changed) : existing;
}

export const roleDefinition: ResourceDefinition<RoleInputs, RoleState> = {
  kind: "Role",
  schema: roleInputsSchema,
  replaceOnChange: ["adoptId"],
  toSubject: (inputs) => subjectOf("Role", inputs),
  async create(client, inputs, newId) {
    const record = await adoptOrCreate(client, inputs, newId);
    return { id: record.id, outs: withoutConnection(inputs) };
  },
  async read(client, id, state) {
    const record = await client.getRole(id);
    if (!record) return undefined;
    const current = toInputs(record, state);
    return { outs: current, inputs: current };
  },
  async update(client, id, olds, news) {
    const changed = changedFields(toBody(olds), toBody(news));
    if (Object.keys(changed).length > 0) await client.updateRole(id, changed);
    return withoutConnection(news);
  },
  async delete(client, id, state) {
    // An adopted role existed before the stack (often the Administrator one): destroy leaves it in place.
    if (state.adoptId !== undefined && !state.deleteOnDestroy) {
      // Left in place; the empty update records in the activity log that this stack let it go (DSEC-012).
      await client.touch("roles", id);
      return;
    }
    await client.deleteRole(id);
  },
};
