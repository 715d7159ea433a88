import type { DirectusServer } from "./directus";
import { restData } from "./rest";

/** The settings SecuritySettings can manage. */
export const SETTINGS_FIELDS = [
  "project_name",
  "auth_password_policy",
  "auth_login_attempts",
  "public_registration",
  "public_registration_verify_email",
  "public_registration_role",
  "public_registration_email_filter",
];

/** Everything the provider could touch, as JSON: compare before/after to prove nothing changed. */
export async function accessControlSnapshot(server: DirectusServer): Promise<string> {
  const [roles, policies, permissions, access, users, settings] = await Promise.all([
    restData(server, "GET", "/roles?limit=-1&sort=id"),
    restData(server, "GET", "/policies?limit=-1&sort=id"),
    restData(server, "GET", "/permissions?limit=-1&sort=id"),
    restData(server, "GET", "/access?limit=-1&sort=id"),
    restData(server, "GET", "/users?limit=-1&sort=id&fields=id,email,role,status"),
    restData(server, "GET", `/settings?fields=${SETTINGS_FIELDS.join(",")}`),
  ]);
  return JSON.stringify({ roles, policies, permissions, access, users, settings }, null, 1);
}
