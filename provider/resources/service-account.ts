import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { userFields } from "../model/mapping";
import { type CommonArgs, commonInputShape, limitedText, reportProblem, uuidSchema } from "./common-args";
import { DirectusResource } from "./directus-resource";
import type { ResourceDefinition } from "./framework";
import { EMAIL_MAX_LENGTH, PERSON_NAME_MAX_LENGTH, textLimitProblem } from "./input-limits";

export const USER_STATUSES = ["active", "suspended", "draft", "invited", "archived"] as const;

/** Arguments of a non-human API user with a static token (e.g. the "Website API" user). */
export interface ServiceAccountArgs extends CommonArgs {
  /** Unique email (Directus compares case-insensitively). */
  email: pulumi.Input<string>;
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
}

export function serviceAccountInputsSchema() {
  return z
    .object({
      email: z
        .email("must be an email address")
        .superRefine(reportProblem((email: string) => textLimitProblem(email, "email", EMAIL_MAX_LENGTH)))
        .transform((email) => email.toLowerCase()),
      firstName: limitedText("first name", PERSON_NAME_MAX_LENGTH).nullable().default(null),
      lastName: limitedText("last name", PERSON_NAME_MAX_LENGTH).nullable().default(null),
      role: uuidSchema("the role").nullable().default(null),
      status: z.enum(USER_STATUSES).default("active"),
      rotation: z.string().optional(),
      ...commonInputShape(),
    })
    .strict();
}

export type ServiceAccountInputs = z.output<ReturnType<typeof serviceAccountInputsSchema>>;
export type ServiceAccountState = Omit<ServiceAccountInputs, "connection"> & { token: string };

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

function toBody(inputs: ServiceAccountInputs): Record<string, unknown> {
  return {
    email: inputs.email,
    first_name: inputs.firstName,
    last_name: inputs.lastName,
    role: inputs.role,
    status: inputs.status,
  };
}

/**
 * The status as stored. Directus has statuses a program cannot set (e.g. `unverified`, or Directus 12's
 * `inactive-license`); reporting them as they are makes the diff show the drift instead of hiding it.
 */
function observedStatus(status: string | null | undefined): ServiceAccountInputs["status"] {
  return (status ?? "active") as ServiceAccountInputs["status"];
}

function stateOf(inputs: ServiceAccountInputs, token: string): ServiceAccountState {
  const { connection: _connection, ...rest } = inputs;
  return { ...rest, token };
}

export const serviceAccountDefinition: ResourceDefinition<ServiceAccountInputs, ServiceAccountState> = {
  kind: "ServiceAccount",
  schema: serviceAccountInputsSchema,
  replaceOnChange: [],
  toSubject: (inputs) => ({ kind: "ServiceAccount", inputs: { email: inputs.email, role: inputs.role } }),
  async create(client, inputs, newId) {
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
    const current = {
      ...fields,
      status: observedStatus(fields.status),
      ...(state.rotation === undefined ? {} : { rotation: state.rotation }),
    };
    // Directus masks static tokens on read, so the token in state is kept as it is.
    return { outs: { ...current, token: state.token }, inputs: current };
  },
  async update(client, id, olds, news) {
    const rotate = news.rotation !== olds.rotation;
    const token = rotate ? newToken() : olds.token;
    await client.updateUser(id, { ...toBody(news), ...(rotate ? { token } : {}) });
    return stateOf(news, token);
  },
  async delete(client, id) {
    await client.deleteUser(id);
  },
};

/** A Directus user for server-to-server API access, with a provider-generated static token. */
export class ServiceAccount extends DirectusResource {
  declare readonly email: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string | null>;
  /** The static token (secret). Send it as `Authorization: Bearer <token>`. */
  declare readonly token: pulumi.Output<string>;

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
        token: undefined,
      },
      opts,
      ["token"],
    );
  }
}
