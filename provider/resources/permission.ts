import type * as pulumi from "@pulumi/pulumi";
import type { PermissionSpec } from "../model/permissions";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";
import { Policy } from "./policy";

/** Arguments of one standalone permission (`directus_permissions` row). */
export interface PermissionArgs extends CommonArgs {
  /**
   * The policy (a {@link Policy} or a policy id) this permission belongs to. A Policy whose
   * permissions are managed inline (its `permissions` argument) cannot also have Permission resources.
   */
  policy: pulumi.Input<string> | Policy;
  /** Collection, e.g. `posts`. Changing it replaces the permission. */
  collection: pulumi.Input<string>;
  /** `create`, `read`, `update`, `delete` or `share`. Changing it replaces the permission. */
  action: pulumi.Input<PermissionSpec["action"]>;
  /** Fields the action may touch. Default `["*"]`. `null` (no field) only on a row kept as it was found. */
  fields?: pulumi.Input<pulumi.Input<string>[] | null>;
  /** Item filter, e.g. `{ user_created: { _eq: "$CURRENT_USER" } }`. Default: all items. */
  filter?: pulumi.Input<Record<string, unknown> | null>;
  /** Validation of create/update payloads. Default: none. */
  validation?: pulumi.Input<Record<string, unknown> | null>;
  /** Default values on create/update. Default: none. */
  presets?: pulumi.Input<Record<string, unknown> | null>;
  /** Take over this existing permission row (its numeric id) instead of creating one. Destroy leaves it in place. */
  adoptId?: pulumi.Input<number>;
  /** With `adoptId`: also delete the row on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** One permission on a policy whose permissions are not managed inline. */
export class Permission extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly collection: pulumi.Output<string>;
  declare readonly action: pulumi.Output<string>;
  declare readonly fields: pulumi.Output<string[]>;

  constructor(name: string, args: PermissionArgs, opts?: pulumi.CustomResourceOptions) {
    if (args.policy instanceof Policy && args.policy.managesPermissionsInline) {
      throw new Error(
        `Permission '${name}': its policy manages permissions inline (the Policy's 'permissions' argument). Add this permission to that list, or remove the list and use Permission resources only.`,
      );
    }
    super(
      "Permission",
      name,
      args,
      {
        policy: args.policy instanceof Policy ? args.policy.id : args.policy,
        collection: args.collection,
        action: args.action,
        fields: args.fields,
        filter: args.filter,
        validation: args.validation,
        presets: args.presets,
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
