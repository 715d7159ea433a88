import type { DirectusClient } from "../../client/directus-client";
import type { PermissionRecord } from "../../client/records";
import { withoutConnection } from "../../model/fields";
import { permissionRow } from "../../model/permission-row";
import { fromRecord, permissionKey } from "../../model/permissions";
import { subjectOf } from "../../model/subjects";
import { type PermissionInputs, type PermissionState, permissionInputsSchema } from "../../schemas/permission-resource";
import type { ResourceDefinition } from "../framework";

function toBody(inputs: PermissionInputs): Record<string, unknown> {
  return permissionRow(inputs, inputs.policy);
}

/**
 * The row an earlier create of this resource left behind when its answer was lost: rows carry no key
 * we can choose, so the create's marker is looked up in Directus' activity log (only when a row for
 * the same collection and action exists at all).
 */
async function earlierAttempt(
  client: DirectusClient,
  candidates: readonly PermissionRecord[],
  marker: string,
): Promise<PermissionRecord | undefined> {
  for (const row of candidates) {
    if (await client.wasCreatedWith("directus_permissions", row.id, marker)) return row;
  }
  return undefined;
}

export const permissionDefinition: ResourceDefinition<PermissionInputs, PermissionState> = {
  kind: "Permission",
  schema: permissionInputsSchema,
  replaceOnChange: ["policy", "collection", "action", "adoptId"],
  toSubject: (inputs) => subjectOf("Permission", inputs),
  async create(client, inputs, newId) {
    const outs = withoutConnection(inputs);
    return client.converge(async () => {
      const rows = await client.listPermissions(inputs.policy);
      const sameKey = rows.filter((row) => permissionKey(row) === permissionKey(inputs) && row.id !== inputs.adoptId);
      const earlier = await earlierAttempt(client, sameKey, newId);
      if (earlier) {
        await client.updatePermissions([{ id: earlier.id, ...toBody(inputs) }]);
        return { id: String(earlier.id), outs };
      }
      const [clash] = sameKey;
      if (clash) {
        throw new Error(
          `policy ${inputs.policy} already has a ${inputs.action} permission on '${inputs.collection}' (id ${clash.id}). Set adoptId: ${clash.id} to manage it, or delete it first - Directus allows one rule per collection and action.`,
        );
      }
      if (inputs.adoptId !== undefined) {
        if (!rows.some((row) => row.id === inputs.adoptId)) {
          throw new Error(
            `adoptId ${inputs.adoptId}: policy ${inputs.policy} has no such permission; remove adoptId to create one.`,
          );
        }
        await client.updatePermissions([{ id: inputs.adoptId, ...toBody(inputs) }]);
        return { id: String(inputs.adoptId), outs };
      }
      const [created] = await client.createPermissions([toBody(inputs)], newId);
      if (!created) throw new Error("Directus did not return the created permission");
      return { id: String(created.id), outs };
    });
  },
  async read(client, id, state) {
    // GET /permissions/<missing id> can answer 200 with a synthetic row, so look the id up in the policy's list.
    const row = (await client.listPermissions(state.policy)).find((r) => String(r.id) === id);
    if (!row) return undefined;
    const current: PermissionState = {
      ...fromRecord(row),
      policy: row.policy ?? state.policy,
      ...(state.adoptId === undefined ? {} : { adoptId: state.adoptId }),
      ...(state.deleteOnDestroy === undefined ? {} : { deleteOnDestroy: state.deleteOnDestroy }),
      ...(state.acknowledge === undefined ? {} : { acknowledge: state.acknowledge }),
    };
    return { outs: current, inputs: current };
  },
  async update(client, id, olds, news) {
    const rows = await client.listPermissions(olds.policy);
    if (!rows.some((r) => String(r.id) === id)) {
      throw new Error(
        `permission ${id} no longer exists (deleted outside Pulumi); run 'pulumi refresh' then 'pulumi up'.`,
      );
    }
    await client.updatePermissions([{ id: Number(id), ...toBody(news) }]);
    return withoutConnection(news);
  },
  async delete(client, id, state) {
    // An adopted row existed before the stack: destroy leaves it in place.
    if (state.adoptId !== undefined && !state.deleteOnDestroy) return;
    await client.deletePermissions([Number(id)]);
  },
};
