import type * as pulumi from "@pulumi/pulumi";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../model/mapping";
import type { NormalizedPermission, PermissionSpec } from "../model/permissions";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

export { BUILT_IN_PUBLIC_POLICY_ID };

/** Arguments of the permissions granted to unauthenticated requests. */
export interface PublicAccessArgs extends CommonArgs {
  /**
   * Everything anonymous requests may do. Authoritative for the policy: permissions added in the
   * Studio are removed on the next `pulumi up`. Order does not matter.
   */
  permissions: pulumi.Input<pulumi.Input<PermissionSpec>[]>;
  /**
   * The public policy to manage. Default: the built-in public policy. Another policy is made public
   * (a `directus_access` row with neither role nor user) and un-published again on destroy.
   */
  policy?: pulumi.Input<string>;
  /**
   * Also delete, on destroy, the public permissions that existed before this resource took them over.
   * Default: false (destroy removes only the permissions the stack added; those it found stay as they are now).
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** What anonymous requests may do: the permissions of the public policy. */
export class PublicAccess extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly permissions: pulumi.Output<NormalizedPermission[]>;

  constructor(name: string, args: PublicAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "PublicAccess",
      name,
      args,
      {
        permissions: args.permissions,
        policy: args.policy,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
