import { roleChain } from "../model/access";
import type { InstanceFacts, PermissionFacts, RuleContext, Subject } from "./types";

export const WRITE_ACTIONS = new Set(["create", "update", "delete", "share"]);

/** The fields a permission grants; Directus stores "no field" as null. */
export function grantedFields(p: PermissionFacts): readonly string[] {
  return p.fields ?? [];
}

export function allFields(p: PermissionFacts): boolean {
  return grantedFields(p).includes("*");
}

/** Permissions of a subject together with the property path users wrote them at. */
export function permissionsOf(subject: Subject): { permission: PermissionFacts; property: string }[] {
  switch (subject.kind) {
    case "Policy":
      return (subject.inputs.permissions ?? []).map((permission, i) => ({ permission, property: `permissions[${i}]` }));
    case "PublicAccess":
      return subject.inputs.permissions.map((permission, i) => ({ permission, property: `permissions[${i}]` }));
    case "Permission":
      return [{ permission: subject.inputs, property: "(permission)" }];
    default:
      return [];
  }
}

export function policyById(facts: InstanceFacts | undefined, id: string) {
  return facts?.policies.find((p) => p.id === id);
}

/** Roles that inherit from `roleId` (children, grandchildren, ...) plus the role itself. */
function roleAndDescendants(facts: InstanceFacts, roleId: string): Set<string> {
  const found = new Set([roleId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const role of facts.roles) {
      if (role.parent && found.has(role.parent) && !found.has(role.id)) {
        found.add(role.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Active users that hold one of `policyIds`, directly or through their role (nested roles included). */
export function usersHolding(
  facts: InstanceFacts,
  policyIds: Set<string>,
  extraLinks: { role?: string | undefined; user?: string | undefined }[] = [],
): Set<string> {
  const links = [
    ...facts.access.filter((a) => policyIds.has(a.policy)),
    ...extraLinks.map((l) => ({ role: l.role ?? null, user: l.user ?? null })),
  ];
  const roles = new Set<string>();
  const users = new Set<string>();
  for (const link of links) {
    if (link.user) users.add(link.user);
    if (link.role) for (const r of roleAndDescendants(facts, link.role)) roles.add(r);
  }
  for (const user of facts.users) if (user.role && roles.has(user.role)) users.add(user.id);
  return new Set([...users].filter((id) => facts.users.find((u) => u.id === id)?.status === "active"));
}

export function adminPolicyIds(facts: InstanceFacts): Set<string> {
  return new Set(facts.policies.filter((p) => p.adminAccess).map((p) => p.id));
}

export { roleChain };

/** Policies that reach a role (its own links and its ancestors'). */
export function policiesOfRole(facts: InstanceFacts, roleId: string): Set<string> {
  const chain = new Set(roleChain(facts, roleId));
  return new Set(facts.access.filter((a) => a.role && chain.has(a.role)).map((a) => a.policy));
}

/** Whether `policyId` is public in `facts`: an access row links it without role and user. */
export function isPublicPolicy(facts: InstanceFacts | undefined, policyId: string | undefined): boolean {
  if (!facts || !policyId) return false;
  return facts.access.some((a) => a.policy === policyId && a.role === null && a.user === null);
}

/**
 * The subject's permissions that anonymous requests get: all of a PublicAccess, and those of a Policy
 * or Permission whose policy is public in the (planned) facts, whatever resource made it public.
 */
export function publicPermissionsOf(
  subject: Subject,
  context: RuleContext,
): { permission: PermissionFacts; property: string }[] {
  if (subject.kind === "PublicAccess") return permissionsOf(subject);
  if (subject.kind === "Permission" && isPublicPolicy(context.facts, subject.inputs.policy))
    return permissionsOf(subject);
  if (subject.kind === "Policy" && isPublicPolicy(context.facts, subject.inputs.adoptId ?? context.subjectId)) {
    return permissionsOf(subject);
  }
  return [];
}

/**
 * What self-registered users get, when a SecuritySettings subject opens public registration into a
 * role: the registration and the policies of that role (its parents' included) in `facts`.
 */
export function registrationPolicies(
  subject: Subject,
  facts: InstanceFacts | undefined,
): { registration: { verifyEmail: boolean; role: string }; policies: InstanceFacts["policies"] } | undefined {
  const registration = subject.kind === "SecuritySettings" ? subject.inputs.publicRegistration : undefined;
  if (!facts || !registration?.enabled || !registration.role) return undefined;
  const ids = policiesOfRole(facts, registration.role);
  return {
    registration: { verifyEmail: registration.verifyEmail, role: registration.role },
    policies: facts.policies.filter((p) => ids.has(p.id)),
  };
}
