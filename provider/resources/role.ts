import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

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

/** A Directus role. Policies reach a role through {@link PolicyAttachment}. */
export class Role extends DirectusResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly icon: pulumi.Output<string>;
  declare readonly parent: pulumi.Output<string | null>;

  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Role",
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
