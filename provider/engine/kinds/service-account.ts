import { randomBytes } from "node:crypto";
import type { DirectusClient } from "../../client/directus-client";
import { changedFields, definedFields } from "../../model/fields";
import { managedPart, userFields } from "../../model/mapping";
import { subjectOf } from "../../model/subjects";
import {
  type ServiceAccountInputs,
  type ServiceAccountState,
  serviceAccountInputsSchema,
} from "../../schemas/service-account";
import type { ResourceDefinition } from "../framework";

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

function toBody(inputs: ServiceAccountInputs): Record<string, unknown> {
  return definedFields({
    email: inputs.email,
    first_name: inputs.firstName,
    last_name: inputs.lastName,
    role: inputs.role,
    status: inputs.status,
  });
}

/** Takes over an existing user; its token is replaced only when the program asks for rotation. */
async function adopt(client: DirectusClient, id: string, inputs: ServiceAccountInputs): Promise<string | null> {
  const existing = await client.getUser(id);
  if (!existing) throw new Error(`adoptId ${id}: no such user; remove adoptId to create one.`);
  const token = inputs.rotation === undefined ? null : newToken();
  // Only what differs as Directus means it (emails compare case-insensitively) is written.
  const found = toBody({ ...userFields(existing), status: observedStatus(existing.status) });
  const body = { ...changedFields(found, toBody(inputs)), ...(token === null ? {} : { token }) };
  if (Object.keys(body).length > 0) await client.updateUser(id, body);
  return token;
}

/**
 * The status as stored. Directus has statuses a program cannot set (e.g. `unverified`, or Directus 12's
 * `inactive-license`); reporting them as they are makes the diff show the drift instead of hiding it.
 */
function observedStatus(status: string | null | undefined): ServiceAccountInputs["status"] {
  return (status ?? "active") as ServiceAccountInputs["status"];
}

function stateOf(inputs: ServiceAccountInputs, token: string | null): ServiceAccountState {
  const { connection: _connection, ...rest } = inputs;
  return { ...rest, token };
}

export const serviceAccountDefinition: ResourceDefinition<ServiceAccountInputs, ServiceAccountState> = {
  kind: "ServiceAccount",
  schema: serviceAccountInputsSchema,
  replaceOnChange: ["adoptId"],
  toSubject: (inputs) => subjectOf("ServiceAccount", inputs),
  async create(client, inputs, newId) {
    if (inputs.adoptId !== undefined) {
      return { id: inputs.adoptId, outs: stateOf(inputs, await adopt(client, inputs.adoptId, inputs)) };
    }
    // A taken-over user (an earlier attempt's answer was lost) gets this attempt's token: the earlier
    // one never reached the state.
    const token = newToken();
    const user = await client.createOrTakeOver(
      () => client.createUser({ id: newId, ...toBody(inputs), token }),
      async () => (await client.getUser(newId)) !== undefined,
      () => client.updateUser(newId, { ...toBody(inputs), token }),
    );
    return { id: user.id, outs: stateOf(inputs, token) };
  },
  async read(client, id, state) {
    const user = await client.getUser(id);
    if (!user) return undefined;
    const fields = userFields(user);
    const { token: _token, ...previous } = state;
    const current = {
      ...previous,
      ...managedPart({ ...fields, status: observedStatus(fields.status) }, previous),
    };
    // Directus masks static tokens on read, so the token in state is kept as it is.
    return { outs: { ...current, token: state.token }, inputs: current };
  },
  async update(client, id, olds, news) {
    // An adopted account that stops rotating keeps the token it has.
    const rotate = news.rotation !== olds.rotation && !(news.adoptId !== undefined && news.rotation === undefined);
    const token = rotate ? newToken() : olds.token;
    await client.updateUser(id, { ...toBody(news), ...(rotate ? { token } : {}) });
    return stateOf(news, token);
  },
  async delete(client, id, state) {
    // An adopted user existed before the stack: destroy leaves it (and its token) in place.
    if (state.adoptId !== undefined && !state.deleteOnDestroy) return;
    await client.deleteUser(id);
  },
};
