import { z } from "zod";

/** Shapes of the Directus system rows this provider reads, parsed instead of trusted. */
const jsonObject = z.record(z.string(), z.unknown());

export const roleRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.string().nullish(),
  description: z.string().nullish(),
  parent: z.string().nullish(),
});
export type RoleRecord = z.infer<typeof roleRecordSchema>;

export const policyRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.string().nullish(),
  description: z.string().nullish(),
  ip_access: z.union([z.array(z.string()), z.string()]).nullish(),
  enforce_tfa: z.boolean().nullish(),
  admin_access: z.boolean().nullish(),
  app_access: z.boolean().nullish(),
});
export type PolicyRecord = z.infer<typeof policyRecordSchema>;

/** `ip_access` as a sorted, de-duplicated list (Directus stores it as CSV); null when unrestricted. */
export function ipList(value: PolicyRecord["ip_access"]): string[] | null {
  const list = (typeof value === "string" ? value.split(",") : (value ?? [])).map((ip) => ip.trim()).filter(Boolean);
  return list.length === 0 ? null : [...new Set(list)].sort();
}

export const permissionRecordSchema = z.object({
  id: z.number(),
  policy: z.string().nullish(),
  collection: z.string(),
  action: z.string(),
  fields: z.array(z.string()).nullish(),
  permissions: jsonObject.nullish(),
  validation: jsonObject.nullish(),
  presets: jsonObject.nullish(),
});
export type PermissionRecord = z.infer<typeof permissionRecordSchema>;

export const accessRecordSchema = z.object({
  id: z.string(),
  role: z.string().nullish(),
  user: z.string().nullish(),
  policy: z.string(),
  sort: z.number().nullish(),
});
export type AccessRecord = z.infer<typeof accessRecordSchema>;

export const userRecordSchema = z.object({
  id: z.string(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  role: z.string().nullish(),
  status: z.string().nullish(),
  token: z.string().nullish(),
  provider: z.string().nullish(),
  /** Directus masks it; only whether one is set is used. */
  password: z.string().nullish(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const settingsRecordSchema = z
  .object({
    project_name: z.string().nullish(),
    auth_password_policy: z.string().nullish(),
    auth_login_attempts: z.number().nullish(),
    public_registration: z.boolean().nullish(),
    public_registration_verify_email: z.boolean().nullish(),
    public_registration_role: z.string().nullish(),
    public_registration_email_filter: jsonObject.nullish(),
  })
  .loose();
export type SettingsRecord = z.infer<typeof settingsRecordSchema>;

export const serverInfoSchema = z
  .object({
    version: z.string().optional(),
    license: z
      .object({ entitlements: z.record(z.string(), z.unknown()).optional() })
      .loose()
      .optional(),
  })
  .loose();

export const fieldRecordSchema = z.object({ collection: z.string(), field: z.string() }).loose();
