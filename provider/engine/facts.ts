import type { DirectusClient } from "../client/directus-client";
import { policyFields } from "../model/mapping";
import { operatorFacts } from "../rules/operator";
import type { InstanceFacts } from "../rules/types";

/** Reads what rules need to know about the live instance (a handful of list requests). */
export async function collectFacts(client: DirectusClient): Promise<InstanceFacts> {
  // A wrong or non-admin token is said once, naming the setting, before any other read fails on it.
  await client.assertAdministrator();
  const [capabilities, policies, access, roles, users, fields, me] = await Promise.all([
    client.capabilities(),
    client.listPolicies(),
    client.listAccess({}),
    client.listRoles(),
    client.listUsers(),
    client.listUserFields(),
    client.currentUser(),
  ]);
  const facts: InstanceFacts = {
    version: capabilities.version,
    customPermissionRules: capabilities.customPermissionRules,
    policies: policies.map((p) => {
      const { name, adminAccess, appAccess, enforceTfa, ipAccess } = policyFields(p);
      return { id: p.id, name, adminAccess, appAccess, enforceTfa, ipAccess };
    }),
    access: access.map((a) => ({ id: a.id, role: a.role ?? null, user: a.user ?? null, policy: a.policy })),
    roles: roles.map((r) => ({ id: r.id, parent: r.parent ?? null })),
    users: users.map((u) => ({
      id: u.id,
      role: u.role ?? null,
      status: u.status ?? "active",
      email: u.email ? u.email.toLowerCase() : null,
    })),
    fields,
  };
  return { ...facts, operator: operatorFacts(facts, me.id) };
}

/** Facts for the examples and tests: empty instance, overridden by what the example gives. */
export function factsWith(partial: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    version: "11.17.4",
    customPermissionRules: true,
    policies: [],
    access: [],
    roles: [],
    users: [],
    fields: {},
    ...partial,
  };
}
