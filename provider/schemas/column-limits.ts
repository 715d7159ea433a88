/**
 * Lengths of the Directus columns that hold text inputs (names, descriptions, icons, emails). Directus
 * would reject or cut longer text at write time; checking at preview reports it before anything is written.
 */

/** `directus_roles.name` is varchar(100). */
export const ROLE_NAME_MAX_LENGTH = 100;
/** `directus_policies.name` is varchar(100). */
export const POLICY_NAME_MAX_LENGTH = 100;
/** Role and policy descriptions are `text` columns; this is a sane cap, not a Directus one. */
export const DESCRIPTION_MAX_LENGTH = 2000;
/** `directus_roles.icon` and `directus_policies.icon` are varchar(64). */
export const ICON_MAX_LENGTH = 64;
/** `directus_settings.project_name` is varchar(100). */
export const PROJECT_NAME_MAX_LENGTH = 100;
/** `directus_users.first_name` / `last_name` are varchar(50). */
export const PERSON_NAME_MAX_LENGTH = 50;
/** `directus_users.email` is varchar(128) (below RFC 5321's 254, so Directus' column is the binding limit). */
export const EMAIL_MAX_LENGTH = 128;

/**
 * Why `value` is too long for a column holding at most `max` characters, or undefined. `what` names the
 * input in the message, e.g. "role name". Characters are counted as code points, like the database does.
 */
export function textLimitProblem(value: string, what: string, max: number): string | undefined {
  const length = codePointCount(value);
  if (length <= max) return undefined;
  return `${what} is ${length} characters long; the limit is ${max}. Fix: shorten it to at most ${max} characters.`;
}

function codePointCount(text: string): number {
  let count = 0;
  for (const _character of text) count++;
  return count;
}
