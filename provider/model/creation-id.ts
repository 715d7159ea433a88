import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";

/**
 * The primary key a resource gives the object it creates: a version-8 UUID derived from the stack,
 * the resource's name and its replacement-triggering inputs. Sending it with the create makes the
 * create repeatable: a second attempt (after a lost answer, a crash or a killed `up`) finds the object
 * under this id and takes it over instead of creating a duplicate. Directus' own ids are version 4,
 * so the version nibble also tells the two apart.
 */
export function creationId(createKey: string, identity: Readonly<Record<string, unknown>> = {}): string {
  const hex = createHash("sha256")
    .update(`${createKey}\n${canonicalJson(identity)}`)
    .digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `<project>/<stack>/<Kind>:<name>`: what makes a resource's creation id unique to it. */
export function createKeyOf(project: string, stack: string, kind: string, name: string): string {
  return `${project}/${stack}/${kind}:${name}`;
}
