import { isIP } from "node:net";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { DirectusClient } from "../client/directus-client";
import { managedPart, POLICY_DEFAULTS, policyFields } from "../model/mapping";
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
import { DESCRIPTION_MAX_LENGTH, ICON_MAX_LENGTH, POLICY_NAME_MAX_LENGTH } from "./input-limits";
import {
  duplicatePermissionFailures,
  fromRecord,
  type NormalizedPermission,
  type PermissionSpec,
  permissionListSchema,
  permissionRow,
  type SchemaMode,
  sortPermissions,
  syncPermissions,
} from "./permission-rules";

/** Arguments of a Directus access policy (`directus_policies`) and, optionally, all its permissions. */
export interface PolicyArgs extends CommonArgs {
  /** Display name (not unique in Directus). */
  name: pulumi.Input<string>;
  /** Free-text description. Default: none. */
  description?: pulumi.Input<string | null>;
  /** Material icon name. Default: `badge` (the Studio's default). */
  icon?: pulumi.Input<string>;
  /** Full access to everything, including settings, roles and the data model. Default: false. Grant sparingly. */
  adminAccess?: pulumi.Input<boolean>;
  /** May sign in to the Data Studio. Default: false (API only). */
  appAccess?: pulumi.Input<boolean>;
  /**
   * Require two-factor authentication for users who get this policy through their role.
   * Directus does not enforce it for policies attached directly to users, nor for static tokens. Default: false.
   */
  enforceTfa?: pulumi.Input<boolean>;
  /** Only allow requests from these IPs/CIDR ranges. Default: no restriction. */
  ipAccess?: pulumi.Input<pulumi.Input<string>[] | null>;
  /**
   * Every permission of this policy. When set, the list is authoritative: permissions added in the
   * Studio are removed on the next `pulumi up`. Order does not matter. Leave unset to manage the
   * policy's permissions with {@link Permission} resources instead (mixing both is refused).
   */
  permissions?: pulumi.Input<pulumi.Input<PermissionSpec>[]>;
  /**
   * Take over this existing policy (by id) instead of creating one. The arguments you set are written,
   * the ones you leave out are neither written nor managed. Destroy leaves an adopted policy in place.
   */
  adoptId?: pulumi.Input<string>;
  /** With `adoptId`: also delete the policy on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** An entry of `ip_access` as Directus matches it: an address, a CIDR block or a from-to range. */
export function isIpRule(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  if (prefix !== undefined) {
    const bits = Number(prefix);
    const max = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : -1;
    return /^\d+$/.test(prefix) && bits >= 0 && bits <= max;
  }
  const range = address.split("-");
  if (range.length === 2) return range.every((end) => isIP(end) !== 0);
  return isIP(address) !== 0;
}

export function policyInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      name: limitedText("policy name", POLICY_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty: give the policy a name"),
      description: limitedText("description", DESCRIPTION_MAX_LENGTH, { strict, multiline: true })
        .nullable()
        .optional(),
      icon: limitedText("icon", ICON_MAX_LENGTH, { strict }).min(1).optional(),
      adminAccess: z.boolean().optional(),
      appAccess: z.boolean().optional(),
      enforceTfa: z.boolean().optional(),
      ipAccess: z
        .array(
          mode === "strict"
            ? z
                .string()
                .trim()
                .refine(isIpRule, "must be an IP address, a CIDR block (10.0.0.0/8) or a range (10.0.0.1-10.0.0.9)")
            : z.string().trim(),
        )
        .nullable()
        .optional()
        .transform((list) =>
          list === undefined ? undefined : list === null || list.length === 0 ? null : [...new Set(list)].sort(),
        ),
      permissions: permissionListSchema(mode).optional(),
      adoptId: uuidSchema("the policy to adopt").optional(),
      deleteOnDestroy: deleteOnDestroySchema(),
      ...commonInputShape(),
    })
    .strict()
    .transform(defaultsUnlessAdopted(POLICY_DEFAULTS));
}

export type PolicyInputs = z.output<ReturnType<typeof policyInputsSchema>>;
export type PolicyState = Omit<PolicyInputs, "connection">;

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
  toSubject: (inputs) => ({
    kind: "Policy",
    inputs: {
      name: inputs.name,
      adminAccess: inputs.adminAccess,
      appAccess: inputs.appAccess,
      enforceTfa: inputs.enforceTfa,
      ipAccess: inputs.ipAccess,
      permissions: inputs.permissions,
      adoptId: inputs.adoptId,
    },
  }),
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

/** A Directus access policy; attach it to roles or users with {@link PolicyAttachment}. */
export class Policy extends DirectusResource {
  declare readonly name: pulumi.Output<string>;
  /** Undefined when an adopted policy leaves the field unmanaged. */
  declare readonly adminAccess: pulumi.Output<boolean | undefined>;
  declare readonly appAccess: pulumi.Output<boolean | undefined>;
  declare readonly enforceTfa: pulumi.Output<boolean | undefined>;
  declare readonly ipAccess: pulumi.Output<string[] | null | undefined>;
  declare readonly permissions: pulumi.Output<NormalizedPermission[] | undefined>;
  /** True when this policy's permissions are managed inline (the `permissions` argument). */
  readonly managesPermissionsInline: boolean;

  constructor(name: string, args: PolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      policyDefinition,
      name,
      args,
      {
        name: args.name,
        description: args.description,
        icon: args.icon,
        adminAccess: args.adminAccess,
        appAccess: args.appAccess,
        enforceTfa: args.enforceTfa,
        ipAccess: args.ipAccess,
        permissions: args.permissions,
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
    this.managesPermissionsInline = args.permissions !== undefined;
  }
}
