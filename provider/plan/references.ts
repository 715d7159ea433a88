/**
 * What Directus would refuse half-way through `up` although every resource is valid on its own: an id
 * that names no object (Directus answers 400 INVALID_FOREIGN_KEY without saying which property), and
 * a service account email another user has already (emails are unique, compared case-insensitively).
 * Judged on the planned end state, so an id the program itself creates (or adopts) counts as existing.
 */

import { UNKNOWN } from "../engine/framework";
import type { InstanceFacts, Subject } from "../rules/types";

export interface ReferenceProblem {
  readonly property: string;
  readonly text: string;
}

type Table = "roles" | "policies" | "users";

const WHAT: Record<Table, { noun: string; example: string }> = {
  roles: { noun: "role", example: "role: editors.id" },
  policies: { noun: "policy", example: "policy: editing.id" },
  users: { noun: "user", example: "user: websiteAccount.id" },
};

/** The ids a subject refers to, by property, with the table each must be in. */
function referencesOf(subject: Subject): { property: string; table: Table; id: string | null | undefined }[] {
  switch (subject.kind) {
    case "Role":
      return [{ property: "parent", table: "roles", id: subject.inputs.parent }];
    case "Permission":
      return [{ property: "policy", table: "policies", id: subject.inputs.policy }];
    case "PublicAccess":
      return [{ property: "policy", table: "policies", id: subject.inputs.policy }];
    case "PolicyAttachment":
      return [
        { property: "policy", table: "policies", id: subject.inputs.policy },
        { property: "role", table: "roles", id: subject.inputs.role },
        { property: "user", table: "users", id: subject.inputs.user },
      ];
    case "ServiceAccount":
      return [{ property: "role", table: "roles", id: subject.inputs.role }];
    case "SecuritySettings":
      return [{ property: "publicRegistration.role", table: "roles", id: subject.inputs.publicRegistration?.role }];
    case "Policy":
      return [];
  }
}

function missing(facts: InstanceFacts, table: Table, id: string): boolean {
  const rows: readonly { id: string }[] = facts[table];
  return !rows.some((row) => row.id === id);
}

/** Ids the subject names that neither the instance nor the program has. */
export function referenceProblems(subject: Subject, facts: InstanceFacts): ReferenceProblem[] {
  return referencesOf(subject).flatMap(({ property, table, id }) => {
    if (id === null || id === undefined || id === UNKNOWN || !missing(facts, table, id)) return [];
    const { noun, example } = WHAT[table];
    return [
      {
        property,
        text: `${noun} ${id} does not exist on the instance, and no resource of this program creates or adopts it; Directus would refuse the write half-way through up (400 INVALID_FOREIGN_KEY). Fix: use the id of an existing ${noun} (the Studio shows it in the address bar), or refer to a resource of the program (${example}).`,
      },
    ];
  });
}

/** A service account whose email another user of the planned end state has (Directus compares case-insensitively). */
export function emailProblems(subject: Subject, subjectId: string, facts: InstanceFacts): ReferenceProblem[] {
  if (subject.kind !== "ServiceAccount" || !subject.inputs.email) return [];
  const email = subject.inputs.email.toLowerCase();
  const other = facts.users.find((u) => u.id !== subjectId && u.email?.toLowerCase() === email);
  if (!other) return [];
  return [
    {
      property: "email",
      text: `user ${other.id} has the email ${email} already (Directus compares emails case-insensitively and refuses duplicates: RECORD_NOT_UNIQUE). Fix: choose another email, leave it out (a service account needs none), or adopt that user with adoptId: "${other.id}".`,
    },
  ];
}
