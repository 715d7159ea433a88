import type { SettingsRecord } from "../../client/records";
import { settingsFields } from "../../model/mapping";
import { passwordPolicyToDirectus } from "../../model/password-policy";
import { subjectOf } from "../../model/subjects";
import {
  type ManagedSettings,
  type SecuritySettingsInputs,
  type SecuritySettingsState,
  securitySettingsInputsSchema,
} from "../../schemas/security-settings";

import type { ResourceDefinition } from "../framework";

const FIELDS_OF: Record<keyof ManagedSettings, string[]> = {
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

function managedKeys(inputs: ManagedSettings): (keyof ManagedSettings)[] {
  return (Object.keys(FIELDS_OF) as (keyof ManagedSettings)[]).filter((key) => inputs[key] !== undefined);
}

function managedFields(inputs: ManagedSettings): string[] {
  return managedKeys(inputs).flatMap((key) => FIELDS_OF[key]);
}

function toBody(inputs: ManagedSettings): Record<string, unknown> {
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
function fromRecord(record: SettingsRecord, managed: ManagedSettings): ManagedSettings {
  const all = settingsFields(record);
  return Object.fromEntries(managedKeys(managed).map((key) => [key, all[key]])) as ManagedSettings;
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
  toSubject: (inputs) => subjectOf("SecuritySettings", inputs),
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
