import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import type { RoleRecord } from "../client/records";
import { managedPart, ROLE_DEFAULTS, roleFields } from "../model/mapping";
import {
  type CommonArgs,
  changedFields,
  commonInputShape,
  defaultsUnlessAdopted,
  definedFields,
  deleteOnDestroySchema,
  limitedText,
  uuidSchema,
  withoutConnection,
} from "./common-args";
import { DirectusResource } from "./directus-resource";
import type { ResourceDefinition } from "./framework";
import { DESCRIPTION_MAX_LENGTH, ICON_MAX_LENGTH, ROLE_NAME_MAX_LENGTH } from "./input-limits";
import type { SchemaMode } from "./permission-rules";

/** Arguments of a Directus role (`directus_roles`). */
export interface RoleArgs extends CommonArgs {
  /** Display name. Directus does not require names to be unique. Changing it updates the role in place. */
  name: pulumi.Input<string>;
  /** Free-text description shown in the Studio. Default: none. */
  description?: pulumi.Input<string | null>;
  /** Material icon name. Default: `supervised_user_circle` (the Studio's default). */
  icon?: pulumi.Input<string>;
  /** Parent role id for nested roles (child roles inherit the parent's policies). Default: none. */
  parent?: pulumi.Input<string | null>;
  /**
   * Take over this existing role instead of creating one (bring an instance under management).
   * The role must exist; the arguments you set are written, the ones you leave out are neither
   * written nor managed. Destroying the stack (or removing the resource) leaves an adopted role in place.
   */
  adoptId?: pulumi.Input<string>;
  /** With `adoptId`: also delete the role on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

export function roleInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      name: limitedText("role name", ROLE_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty: give the role a name"),
      description: limitedText("description", DESCRIPTION_MAX_LENGTH, { strict, multiline: true })
        .nullable()
        .optional(),
      icon: limitedText("icon", ICON_MAX_LENGTH, { strict }).min(1).optional(),
      parent: uuidSchema("the parent role").nullable().optional(),
      adoptId: uuidSchema("the role to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(defaultsUnlessAdopted(ROLE_DEFAULTS));
}

export type RoleInputs = z.output<ReturnType<typeof roleInputsSchema>>;
export type RoleState = Omit<RoleInputs, "connection">;

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
  toSubject: (inputs) => ({
    kind: "Role",
    inputs: { name: inputs.name, parent: inputs.parent, adoptId: inputs.adoptId },
  }),
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

/** A Directus role. Policies reach a role through {@link PolicyAttachment}. */
export class Role extends DirectusResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly icon: pulumi.Output<string>;
  declare readonly parent: pulumi.Output<string | null>;

  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      roleDefinition,
      name,
      args,
      {
        name: args.name,
        description: args.description,
        icon: args.icon,
        parent: args.parent,
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
