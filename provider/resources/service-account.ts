import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import { managedPart, userFields } from "../model/mapping";
import {
  type CommonArgs,
  changedFields,
  commonInputShape,
  defaultsUnlessAdopted,
  definedFields,
  deleteOnDestroySchema,
  limitedText,
  reportProblem,
  uuidSchema,
} from "./common-args";
import { DirectusResource } from "./directus-resource";
import type { ResourceDefinition } from "./framework";
import { EMAIL_MAX_LENGTH, PERSON_NAME_MAX_LENGTH, textLimitProblem } from "./input-limits";
import type { SchemaMode } from "./permission-rules";

export const USER_STATUSES = ["active", "suspended", "draft", "invited", "archived"] as const;

/** Arguments of a non-human API user with a static token (e.g. the "Website API" user). */
export interface ServiceAccountArgs extends CommonArgs {
  /**
   * Email, unique on the instance (Directus compares case-insensitively). Default: none - an API user
   * that only ever sends its token needs no email (it cannot log in with a password anyway).
   */
  email?: pulumi.Input<string | null>;
  /** Display name. Default: none. */
  firstName?: pulumi.Input<string | null>;
  lastName?: pulumi.Input<string | null>;
  /** Role id whose policies the account gets. Default: none (public permissions only). */
  role?: pulumi.Input<string | null>;
  /** `active` (default) or `suspended` to cut the token off without deleting the user. */
  status?: pulumi.Input<(typeof USER_STATUSES)[number]>;
  /**
   * Any value; changing it generates a new token (e.g. a date, or a `time.Rotating` output).
   * The token is made by the provider from a cryptographic random source and is only a secret output.
   */
  rotation?: pulumi.Input<string>;
  /**
   * Take over this existing user (by id). The arguments you set are written, the others are left as
   * they are; its static token is kept (and unknown to the stack, `token` is null) until `rotation`
   * is set. Destroy leaves an adopted user in place.
   */
  adoptId?: pulumi.Input<string>;
  /** With `adoptId`: also delete the user on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

export function serviceAccountInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      email: z
        .email("must be an email address")
        .superRefine(reportProblem((email: string) => textLimitProblem(email, "email", EMAIL_MAX_LENGTH)))
        .transform((email) => email.toLowerCase())
        .nullable()
        .optional(),
      firstName: limitedText("first name", PERSON_NAME_MAX_LENGTH, { strict }).nullable().optional(),
      lastName: limitedText("last name", PERSON_NAME_MAX_LENGTH, { strict }).nullable().optional(),
      role: uuidSchema("the role").nullable().optional(),
      status: z.enum(USER_STATUSES).optional(),
      rotation: z.string().optional(),
      adoptId: uuidSchema("the user to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(
      defaultsUnlessAdopted({ email: null, firstName: null, lastName: null, role: null, status: "active" as const }),
    );
}

export type ServiceAccountInputs = z.output<ReturnType<typeof serviceAccountInputsSchema>>;
/** `token` is null for an adopted account until the stack rotates it (Directus never reveals a token). */
export type ServiceAccountState = Omit<ServiceAccountInputs, "connection"> & { token: string | null };

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
  toSubject: (inputs) => ({
    kind: "ServiceAccount",
    inputs: { email: inputs.email ?? null, role: inputs.role ?? null },
  }),
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

/** A Directus user for server-to-server API access, with a provider-generated static token. */
export class ServiceAccount extends DirectusResource {
  declare readonly email: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<string | null>;
  /** The static token (secret). Send it as `Authorization: Bearer <token>`. */
  declare readonly token: pulumi.Output<string | null>;

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serviceAccountDefinition,
      name,
      args,
      {
        email: args.email,
        firstName: args.firstName,
        lastName: args.lastName,
        role: args.role,
        status: args.status,
        rotation: args.rotation,
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
        token: undefined,
      },
      opts,
      ["token"],
    );
  }
}
