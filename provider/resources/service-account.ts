import type * as pulumi from "@pulumi/pulumi";
import type { USER_STATUSES } from "../schemas/service-account";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

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

/** A Directus user for server-to-server API access, with a provider-generated static token. */
export class ServiceAccount extends DirectusResource {
  declare readonly email: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<string | null>;
  /** The static token (secret). Send it as `Authorization: Bearer <token>`. */
  declare readonly token: pulumi.Output<string | null>;

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "ServiceAccount",
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
