import * as pulumi from "@pulumi/pulumi";
import type { PasswordPolicy } from "../model/password-policy";
import type { CommonArgs } from "./common-args";
import { DirectusResource } from "./directus-resource";

export {
  PASSWORD_POLICY_PRESETS,
  type PasswordPolicy,
  passwordPolicyFromDirectus,
  passwordPolicyToDirectus,
  stripSlashes,
} from "../model/password-policy";
/** Self-registration of users through the public API. */
export interface PublicRegistrationArgs {
  enabled: pulumi.Input<boolean>;
  /** Send a verification email before the account works. Default: true. */
  verifyEmail?: pulumi.Input<boolean>;
  /** Role given to self-registered users. Default: none. */
  role?: pulumi.Input<string | null>;
  /** Directus filter on the email, e.g. `{ _and: [{ email: { _ends_with: "@example.com" } }] }`. Default: none. */
  emailFilter?: pulumi.Input<Record<string, unknown> | null>;
}

/**
 * Arguments of the instance's security settings (`directus_settings`). Only the settings you set
 * are written; the rest stay as they are. On destroy, each setting this resource changed goes back
 * to the value it had before this resource first managed it.
 */
export interface SecuritySettingsArgs extends CommonArgs {
  /** Project name; also the 2FA issuer, so give every environment its own. */
  projectName?: pulumi.Input<string>;
  /** `"strong"` or `"weak"` (the Studio's presets), `"none"`, or `{ regex }` (validated at preview). */
  passwordPolicy?: pulumi.Input<PasswordPolicy>;
  /** Failed logins before the user is suspended; `null` means unlimited. */
  loginAttempts?: pulumi.Input<number | null>;
  publicRegistration?: pulumi.Input<PublicRegistrationArgs>;
  /**
   * Whether this stack is production; stricter password rules apply (DSEC-007). Default: the stack
   * config `directus:production`, else true when the stack name contains "prod". Not written to Directus.
   */
  production?: pulumi.Input<boolean>;
}

/** `directus:production` when set, else whether the stack name says "prod". */
export function isProductionStack(): boolean {
  const configured = new pulumi.Config("directus").getBoolean("production");
  return configured ?? /prod/i.test(pulumi.getStack());
}

/** The instance's security settings (a singleton: declare at most one per instance). */
export class SecuritySettings extends DirectusResource {
  declare readonly projectName: pulumi.Output<string | undefined>;
  declare readonly passwordPolicy: pulumi.Output<PasswordPolicy | undefined>;
  declare readonly loginAttempts: pulumi.Output<number | null | undefined>;

  constructor(name: string, args: SecuritySettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "SecuritySettings",
      name,
      args,
      {
        projectName: args.projectName,
        passwordPolicy: args.passwordPolicy,
        loginAttempts: args.loginAttempts,
        publicRegistration: args.publicRegistration,
        production: args.production ?? isProductionStack(),
        restore: undefined,
      },
      opts,
    );
  }
}
