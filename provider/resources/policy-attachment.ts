import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

/** Arguments of one policy link (`directus_access` row): a policy attached to a role or to a user. */
export interface PolicyAttachmentArgs extends CommonArgs {
  /** Policy id. Changing it replaces the link. */
  policy: pulumi.Input<string>;
  /** Role id; set exactly one of `role` and `user`. Changing it replaces the link. */
  role?: pulumi.Input<string>;
  /** User id; set exactly one of `role` and `user`. Note: `enforceTfa` is not enforced at login through user links. */
  user?: pulumi.Input<string>;
  /** Position among the role's/user's policies. Default: none (an adopted link keeps its own). */
  sort?: pulumi.Input<number | null>;
  /**
   * Take over this existing link (its `directus_access` id) instead of creating a second one. It must
   * link the same policy and role/user. Destroy leaves an adopted link in place.
   */
  adoptId?: pulumi.Input<string>;
  /** With `adoptId`: also delete the link on destroy. Default: false (left in place). */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** Attaches a policy to a role or a user. Manages only the link it created. */
export class PolicyAttachment extends DirectusResource {
  declare readonly policy: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string | undefined>;
  declare readonly user: pulumi.Output<string | undefined>;
  declare readonly sort: pulumi.Output<number | null | undefined>;

  constructor(name: string, args: PolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "PolicyAttachment",
      name,
      args,
      {
        policy: args.policy,
        role: args.role,
        user: args.user,
        sort: args.sort,
        adoptId: args.adoptId,
        deleteOnDestroy: args.deleteOnDestroy,
      },
      opts,
    );
  }
}
