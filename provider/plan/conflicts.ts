/**
 * Resources of one program that would manage the same Directus object: they would overwrite each
 * other on every `up`. Each conflict is reported on the later resource, naming the earlier one.
 */
import type { Evaluated, ProgramFinding } from "./declarations";

function conflict(later: Evaluated, earlier: Evaluated, property: string, what: string): ProgramFinding {
  return {
    declaration: later.declaration,
    property,
    text: `${earlier.declaration.kind} '${earlier.declaration.name}' of this program already manages ${what}; two resources for one object overwrite each other on every up. Fix: keep one of them.`,
    effect: "error",
  };
}

/** The key of the Directus object a resource manages alone, if it is one that must not be shared. */
function ownedObject(e: Evaluated): { key: string; property: string; what: string } | undefined {
  const subject = e.planned?.subject;
  if (!subject) return undefined;
  switch (subject.kind) {
    case "SecuritySettings":
      return { key: "settings", property: "(inputs)", what: "the instance's security settings" };
    case "PublicAccess":
      return {
        key: `public:${subject.inputs.policy}`,
        property: "policy",
        what: `the public permissions of policy ${subject.inputs.policy}`,
      };
    case "Permission":
      return {
        key: `permission:${subject.inputs.policy}:${subject.inputs.collection}:${subject.inputs.action}`,
        property: "action",
        what: `the ${subject.inputs.action} permission on '${subject.inputs.collection}' of policy ${subject.inputs.policy}`,
      };
    case "PolicyAttachment": {
      const { policy, role, user } = subject.inputs;
      return {
        key: `access:${policy}:${role ?? ""}:${user ?? ""}`,
        property: "policy",
        what: `the link of policy ${policy} to ${role ? `role ${role}` : `user ${user}`}`,
      };
    }
    case "Policy":
    case "Role":
      return subject.inputs.adoptId
        ? {
            // Roles and policies live in different tables: a role and a policy may share an id (Directus'
            // 10 -> 11 migration gives each role's policy the role's own id).
            key: `adopt:${subject.kind}:${subject.inputs.adoptId}`,
            property: "adoptId",
            what: `${subject.kind} ${subject.inputs.adoptId}`,
          }
        : undefined;
    default:
      return undefined;
  }
}

export function conflictFindings(evaluated: readonly Evaluated[]): ProgramFinding[] {
  const findings: ProgramFinding[] = [];
  const owners = new Map<string, Evaluated>();
  for (const e of evaluated) {
    const owned = ownedObject(e);
    if (!owned) continue;
    const earlier = owners.get(owned.key);
    if (earlier) findings.push(conflict(e, earlier, owned.property, owned.what));
    else owners.set(owned.key, e);
  }
  // A Permission on a policy whose permissions a Policy of the program manages inline.
  const inline = new Map<string, Evaluated>();
  for (const e of evaluated) {
    const subject = e.planned?.subject;
    if (subject?.kind === "Policy" && subject.inputs.permissions !== undefined && e.planned) {
      inline.set(subject.inputs.adoptId ?? e.planned.id, e);
    }
  }
  for (const e of evaluated) {
    const subject = e.planned?.subject;
    if (subject?.kind !== "Permission") continue;
    const owner = inline.get(subject.inputs.policy);
    if (owner) {
      findings.push({
        declaration: e.declaration,
        property: "policy",
        text: `policy ${subject.inputs.policy} has its permissions managed inline by Policy '${owner.declaration.name}', which would delete this row on every up. Fix: add the permission to that Policy's permissions, or drop its permissions argument.`,
        effect: "error",
      });
    }
  }
  return findings;
}
