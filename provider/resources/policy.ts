import type * as pulumi from "@pulumi/pulumi";
import type { NormalizedPermission, PermissionSpec } from "../model/permissions";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

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
      "Policy",
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
