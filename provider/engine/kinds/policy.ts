import type { DirectusClient } from "../../client/directus-client";
import { changedFields, definedFields, withoutConnection } from "../../model/fields";
import { managedPart, policyFields } from "../../model/mapping";
import { permissionRow } from "../../model/permission-row";
import { fromRecord, sortPermissions } from "../../model/permissions";
import { subjectOf } from "../../model/subjects";
import { duplicatePermissionFailures } from "../../schemas/permission";
import { type PolicyInputs, type PolicyState, policyInputsSchema } from "../../schemas/policy";
import type { ResourceDefinition } from "../framework";
import { syncPermissions } from "../permission-sync";

function toBody(inputs: PolicyState): Record<string, unknown> {
  return definedFields({
    name: inputs.name,
    description: inputs.description,
    icon: inputs.icon,
    admin_access: inputs.adminAccess,
    app_access: inputs.appAccess,
    enforce_tfa: inputs.enforceTfa,
    ip_access: inputs.ipAccess,
  });
}

/** The policy as it is now; its permissions too when the list is managed inline (one request either way). */
async function currentState(
  client: DirectusClient,
  id: string,
  previous: PolicyState,
): Promise<PolicyState | undefined> {
  if (previous.permissions === undefined) {
    const record = await client.getPolicy(id);
    return record && { ...previous, ...managedPart(policyFields(record), previous) };
  }
  const current = await client.getPolicyWithPermissions(id);
  if (!current) return undefined;
  return {
    ...previous,
    ...managedPart(policyFields(current.policy), previous),
    permissions: sortPermissions(current.permissions.map(fromRecord)),
  };
}

async function adoptOrCreate(client: DirectusClient, inputs: PolicyInputs, newId: string): Promise<string> {
  if (inputs.adoptId !== undefined) {
    const existing = await client.getPolicy(inputs.adoptId);
    if (!existing)
      throw new Error(
        `adoptId ${inputs.adoptId}: no such policy on the server; remove adoptId to create a new policy.`,
      );
    await takeOver(client, inputs.adoptId, inputs);
    return inputs.adoptId;
  }
  // One request creates the policy and its permissions together, so a refused permission
  // (e.g. Directus 12 Core tier) leaves no half-created policy behind.
  const body = {
    id: newId,
    ...toBody(inputs),
    ...(inputs.permissions ? { permissions: inputs.permissions.map((p) => permissionRow(p)) } : {}),
  };
  await client.createOrTakeOver<unknown>(
    () => client.createPolicy(body),
    async () => (await client.getPolicy(newId)) !== undefined,
    () => takeOver(client, newId, inputs),
  );
  return newId;
}

/**
 * Brings an existing policy (and, when managed inline, its permissions) to the declared state, writing
 * only what differs from it as Directus means it (an `ip_access` list in another order is the same
 * list), so an object taken over as it is stays byte-identical.
 */
async function takeOver(client: DirectusClient, id: string, inputs: PolicyInputs): Promise<void> {
  const record = await client.getPolicy(id);
  const body = record ? changedFields(toBody(policyFields(record)), toBody(inputs)) : toBody(inputs);
  if (Object.keys(body).length > 0) await client.updatePolicy(id, body);
  if (inputs.permissions) await syncPermissions(client, id, inputs.permissions);
}

export const policyDefinition: ResourceDefinition<PolicyInputs, PolicyState> = {
  kind: "Policy",
  schema: policyInputsSchema,
  replaceOnChange: ["adoptId"],
  toSubject: (inputs) => subjectOf("Policy", inputs),
  normalize: (inputs) =>
    inputs.permissions ? { ...inputs, permissions: sortPermissions(inputs.permissions) } : inputs,
  semanticCheck: (inputs) => duplicatePermissionFailures(inputs.permissions ?? [], "permissions"),
  async create(client, inputs, newId) {
    return { id: await adoptOrCreate(client, inputs, newId), outs: withoutConnection(inputs) };
  },
  async read(client, id, state) {
    const current = await currentState(client, id, state);
    return current && { outs: current, inputs: current };
  },
  async update(client, id, olds, news) {
    const changed = changedFields(toBody(olds), toBody(news));
    if (Object.keys(changed).length > 0) await client.updatePolicy(id, changed);
    if (news.permissions) await syncPermissions(client, id, news.permissions);
    return withoutConnection(news);
  },
  async delete(client, id, state) {
    // An adopted policy existed before the stack (often the Administrator one): destroy leaves it in place.
    if (state.adoptId !== undefined && !state.deleteOnDestroy) {
      // Left in place; the empty update records in the activity log that this stack let it go (DSEC-012).
      await client.touch("policies", id);
      return;
    }
    await client.deletePolicy(id);
  },
};
