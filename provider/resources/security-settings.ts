import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { SettingsRecord } from "../client/records";
import { settingsFields } from "../model/mapping";
import { type CommonArgs, commonInputShape, limitedText, uuidSchema } from "./common-args";
import { DirectusResource } from "./directus-resource";
import { PROJECT_NAME_MAX_LENGTH } from "./input-limits";
import {
  type PasswordPolicy,
  passwordPolicyFromDirectus,
  passwordPolicyToDirectus,
  stripSlashes,
} from "./password-policy";

export {
  PASSWORD_POLICY_PRESETS,
  type PasswordPolicy,
  passwordPolicyFromDirectus,
  passwordPolicyToDirectus,
  stripSlashes,
} from "./password-policy";

import type { ResourceDefinition } from "./framework";
import type { SchemaMode } from "./permission-rules";

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

function compiles(source: string): boolean {
  try {
    new RegExp(stripSlashes(source));
    return true;
  } catch {
    return false;
  }
}

export function securitySettingsInputsSchema(mode: SchemaMode = "strict") {
  const strict = mode === "strict";
  return z
    .object({
      projectName: limitedText("project name", PROJECT_NAME_MAX_LENGTH, { strict })
        .trim()
        .min(1, "must not be empty")
        .optional(),
      passwordPolicy: z
        .union([
          z.enum(["strong", "weak", "none"]),
          z
            .object({
              regex: z
                .string()
                .min(1)
                .refine(compiles, "is not a valid regular expression (Directus compiles it without flags)"),
            })
            .strict(),
        ])
        // A regex equal to a preset reads back as the preset: store it that way so refresh shows no diff.
        .transform((policy) => passwordPolicyFromDirectus(passwordPolicyToDirectus(policy)))
        .optional(),
      loginAttempts: z.number().int().min(1, "must be at least 1, or null for unlimited").nullable().optional(),
      publicRegistration: z
        .object({
          enabled: z.boolean(),
          verifyEmail: z.boolean().default(true),
          role: uuidSchema("the role for self-registered users").nullable().default(null),
          emailFilter: z.record(z.string(), z.unknown()).nullable().default(null),
        })
        .strict()
        .optional(),
      production: z.boolean().optional(),
      ...commonInputShape(),
    })
    .strict();
}

export type SecuritySettingsInputs = z.output<ReturnType<typeof securitySettingsInputsSchema>>;
type Managed = Omit<SecuritySettingsInputs, "connection" | "acknowledge" | "production">;
export type SecuritySettingsState = Managed & {
  production?: boolean | undefined;
  acknowledge?: SecuritySettingsInputs["acknowledge"];
  /** Directus field -> the value it had before this resource first changed it. */
  restore: Record<string, unknown>;
};

const FIELDS_OF: Record<keyof Managed, string[]> = {
  projectName: ["project_name"],
  passwordPolicy: ["auth_password_policy"],
  loginAttempts: ["auth_login_attempts"],
  publicRegistration: [
    "public_registration",
    "public_registration_verify_email",
    "public_registration_role",
    "public_registration_email_filter",
  ],
};

function managedKeys(inputs: Managed): (keyof Managed)[] {
  return (Object.keys(FIELDS_OF) as (keyof Managed)[]).filter((key) => inputs[key] !== undefined);
}

function managedFields(inputs: Managed): string[] {
  return managedKeys(inputs).flatMap((key) => FIELDS_OF[key]);
}

function toBody(inputs: Managed): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (inputs.projectName !== undefined) body.project_name = inputs.projectName;
  if (inputs.passwordPolicy !== undefined) body.auth_password_policy = passwordPolicyToDirectus(inputs.passwordPolicy);
  if (inputs.loginAttempts !== undefined) body.auth_login_attempts = inputs.loginAttempts;
  if (inputs.publicRegistration !== undefined) {
    body.public_registration = inputs.publicRegistration.enabled;
    body.public_registration_verify_email = inputs.publicRegistration.verifyEmail;
    body.public_registration_role = inputs.publicRegistration.role;
    body.public_registration_email_filter = inputs.publicRegistration.emailFilter;
  }
  return body;
}

/** The managed settings as they are now (unmanaged ones left out). */
function fromRecord(record: SettingsRecord, managed: Managed): Managed {
  const all = settingsFields(record);
  return Object.fromEntries(managedKeys(managed).map((key) => [key, all[key]])) as Managed;
}

function pick(record: SettingsRecord, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, (record as Record<string, unknown>)[field] ?? null]));
}

function stateOf(inputs: SecuritySettingsInputs, restore: Record<string, unknown>): SecuritySettingsState {
  const { connection: _connection, ...managed } = inputs;
  return { ...managed, restore };
}

export const securitySettingsDefinition: ResourceDefinition<SecuritySettingsInputs, SecuritySettingsState> = {
  kind: "SecuritySettings",
  schema: securitySettingsInputsSchema,
  replaceOnChange: [],
  toSubject: (inputs) => ({
    kind: "SecuritySettings",
    inputs: {
      projectName: inputs.projectName,
      passwordPolicy: inputs.passwordPolicy,
      loginAttempts: inputs.loginAttempts,
      production: inputs.production,
      publicRegistration: inputs.publicRegistration && {
        enabled: inputs.publicRegistration.enabled,
        verifyEmail: inputs.publicRegistration.verifyEmail,
        role: inputs.publicRegistration.role,
      },
    },
  }),
  async create(client, inputs) {
    const before = await client.getSettings();
    const restore = pick(before, managedFields(inputs));
    await client.updateSettings(toBody(inputs));
    return { id: "settings", outs: stateOf(inputs, restore) };
  },
  async read(client, _id, state) {
    const current = {
      ...fromRecord(await client.getSettings(), state),
      ...(state.production === undefined ? {} : { production: state.production }),
    };
    return { outs: { ...current, restore: state.restore }, inputs: current };
  },
  async update(client, _id, olds, news) {
    const before = await client.getSettings();
    const wanted = new Set(managedFields(news));
    const restore: Record<string, unknown> = {};
    const giveBack: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(olds.restore)) {
      if (wanted.has(field)) restore[field] = value;
      else giveBack[field] = value;
    }
    for (const field of wanted) if (!(field in restore)) restore[field] = pick(before, [field])[field];
    await client.updateSettings({ ...giveBack, ...toBody(news) });
    return stateOf(news, restore);
  },
  async delete(client, _id, state) {
    // Always written (even with nothing to restore): the activity log records that this stack let go (DSEC-012).
    await client.updateSettings(state.restore);
  },
};

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
      securitySettingsDefinition,
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
