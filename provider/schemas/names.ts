/**
 * Naming rules for Directus collection and field keys: which characters they may use, how long they may
 * be, and how deep a relational field path may go.
 */
import { quote } from "./message-text";

/** Collection and field keys are varchar(64) in `directus_collections` / `directus_fields`. */
export const IDENTIFIER_MAX_LENGTH = 64;
/** Directus' default `MAX_RELATIONAL_DEPTH`: the deepest relational path it will filter or read. */
export const RELATIONAL_MAX_DEPTH = 10;

// Directus takes field names with "-" over its API (e.g. "hero-image"), though the Studio writes "_".
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
const IDENTIFIER_CHARACTER = /[A-Za-z0-9_-]/;
const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const COLLECTION_CHARACTER = /[A-Za-z0-9_-]/;

/** Whether `name` uses only the characters of a field name (its length is not checked). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Whether `path` is field names joined by dots, such as `role.name`. */
export function isFieldPath(path: string): boolean {
  return path.split(".").every(isIdentifier);
}

/** Why `name` cannot be a Directus collection name (varchar(64), letters, digits, `_`, `-`), or undefined. */
export function collectionNameProblem(name: string): string | undefined {
  if (name.length === 0) return `collection name is empty. Fix: name a collection, e.g. "posts".`;
  if (name.length > IDENTIFIER_MAX_LENGTH) {
    return `collection name ${quote(name)} is longer than the ${IDENTIFIER_MAX_LENGTH} characters Directus allows. Fix: use the collection's real name, e.g. "posts" or "directus_files".`;
  }
  if (COLLECTION_NAME.test(name)) return undefined;
  const problem = name.startsWith("-")
    ? `starts with "-"`
    : `contains ${describeCharacter(firstCharacterNotMatching(name, COLLECTION_CHARACTER))}`;
  return `collection name ${quote(name)} ${problem}; Directus collection names use only letters, digits, _ and - (no spaces, dots or slashes) and do not start with -. Fix: use the collection's exact key, e.g. "blog_posts" or "my-collection".`;
}

/**
 * Why `name` cannot appear in a permission's field list, or undefined. Accepts `*`, a field name,
 * and relational paths such as `author.name` or `author.*`.
 */
export function fieldNameProblem(name: string): string | undefined {
  if (name === "*") return undefined;
  const parts = name.split(".");
  if (parts.length > RELATIONAL_MAX_DEPTH) {
    return `field path ${quote(name)} is ${parts.length} relations deep; Directus reads at most ${RELATIONAL_MAX_DEPTH} (MAX_RELATIONAL_DEPTH). Fix: list the field on a closer relation.`;
  }
  for (const [index, part] of parts.entries()) {
    const isLast = index === parts.length - 1;
    if (part === "*" && isLast) continue;
    const problem = fieldPartProblem(name, part, parts.length > 1);
    if (problem) return problem;
  }
  return undefined;
}

function fieldPartProblem(name: string, part: string, isPath: boolean): string | undefined {
  if (part === "*") {
    return `${quote(name)} uses "*" before a dot; "*" may only end a field path. Fix: write "*" or a path such as "author.*".`;
  }
  if (part.length === 0) {
    return isPath
      ? `field path ${quote(name)} has an empty part (a leading, trailing or doubled dot). Fix: write it like "author.name".`
      : `field name is empty. Fix: name a field, e.g. "title", or use "*" for all fields.`;
  }
  return identifierProblem(part, isPath ? `field path ${quote(name)}: part` : "field name");
}

/** Why `name` cannot be a field key, or undefined. `what` names it in the message, e.g. "preset field name". */
export function identifierProblem(name: string, what: string): string | undefined {
  if (name.length === 0) return `${what} is empty. ${identifierFix(name)}`;
  if (name.length > IDENTIFIER_MAX_LENGTH) {
    return `${what} ${quote(name)} is longer than the ${IDENTIFIER_MAX_LENGTH} characters Directus allows. ${identifierFix(name)}`;
  }
  if (isIdentifier(name)) return undefined;
  const character = describeCharacter(firstCharacterNotMatching(name, IDENTIFIER_CHARACTER));
  return `${what} ${quote(name)} contains ${character}; Directus field names use only letters, digits, _ and -. ${identifierFix(name)}`;
}

/** The "Fix:" sentence for a bad field key, suggesting `name` with its bad characters replaced when that helps. */
export function identifierFix(name: string): string {
  const suggestion = name.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, IDENTIFIER_MAX_LENGTH);
  const example = isIdentifier(suggestion) && suggestion !== name ? `, e.g. ${quote(suggestion)}` : "";
  return `Fix: use the field's exact key as shown in the data model${example}.`;
}

function firstCharacterNotMatching(text: string, allowed: RegExp): string {
  for (const character of text) {
    if (!allowed.test(character)) return character;
  }
  return "";
}

function describeCharacter(character: string): string {
  const names: Record<string, string> = { " ": "a space", ".": 'a dot "."', "/": 'a slash "/"', "\\": "a backslash" };
  return names[character] ?? `the character ${JSON.stringify(character)}`;
}
