/** The permission matrix: what public access, each role and each policy may do per collection and action. */

import { principalsOf } from "../../model/access";
import { factsOf, type InstanceModel, type ModelPolicy } from "../../model/instance";
import {
  type NormalizedPermission,
  PERMISSION_ACTIONS,
  type PermissionAction,
  sortedFields,
} from "../../model/permissions";
import { allFields, grantedFields, policiesOfRole } from "../../rules/helpers";
import { byNameThenId, sortedUnique } from "./ordering";
import type { MatrixAccess, MatrixCell, MatrixRow, MatrixRowKind, PermissionMatrix } from "./types";

interface Grant {
  readonly policy: string;
  readonly permission: NormalizedPermission;
}

type RowCells = Record<string, Record<PermissionAction, MatrixCell>>;

const NO_ACCESS: MatrixCell = { access: "none" };

function accessOf(permissions: readonly NormalizedPermission[]): MatrixAccess {
  if (permissions.some((p) => allFields(p) && p.filter === null)) return "full";
  const everyItem = permissions.some((p) => p.filter === null);
  const everyField = permissions.some(allFields);
  if (everyItem && !everyField) return "fields";
  if (everyField && !everyItem) return "filter";
  return "fields+filter";
}

/** What the grants for one collection and action add up to, the way Directus merges policies. */
function cellOf(grants: readonly Grant[]): MatrixCell {
  if (grants.length === 0) return NO_ACCESS;
  const permissions = grants.map((g) => g.permission);
  return {
    access: accessOf(permissions),
    fields: permissions.some(allFields) ? ["*"] : sortedFields(permissions.flatMap((p) => grantedFields(p))),
    validation: permissions.some((p) => p.validation !== null),
    presets: permissions.some((p) => p.presets !== null),
    policies: sortedUnique(grants.map((g) => g.policy)),
  };
}

/** The policies' grants by collection, then action. */
function grantsByCollection(policies: readonly ModelPolicy[]): Map<string, Map<PermissionAction, Grant[]>> {
  const grants = new Map<string, Map<PermissionAction, Grant[]>>();
  for (const policy of policies) {
    for (const permission of policy.permissions) {
      const byAction = grants.get(permission.collection) ?? new Map<PermissionAction, Grant[]>();
      byAction.set(permission.action, [...(byAction.get(permission.action) ?? []), { policy: policy.id, permission }]);
      grants.set(permission.collection, byAction);
    }
  }
  return grants;
}

function rowCells(policies: readonly ModelPolicy[], collections: readonly string[]): RowCells {
  const grants = grantsByCollection(policies);
  // fromEntries defines own properties, so no collection name can reach the object's prototype.
  return Object.fromEntries(
    collections.map((collection) => {
      const byAction = grants.get(collection);
      const cells = Object.fromEntries(
        PERMISSION_ACTIONS.map((action) => [action, cellOf(byAction?.get(action) ?? [])]),
      ) as Record<PermissionAction, MatrixCell>;
      return [collection, cells];
    }),
  );
}

function matrixRow(
  head: { kind: MatrixRowKind; id: string; name: string },
  policies: readonly ModelPolicy[],
  collections: readonly string[],
): MatrixRow {
  return {
    ...head,
    policies: sortedUnique(policies.map((p) => p.id)),
    adminAccess: policies.some((p) => p.adminAccess),
    appAccess: policies.some((p) => p.appAccess),
    cells: rowCells(policies, collections),
  };
}

function matrixCollections(model: InstanceModel): string[] {
  const named = model.policies.flatMap((p) => p.permissions.map((permission) => permission.collection));
  return sortedUnique([...named, ...Object.keys(model.fields)]);
}

/**
 * Public access, every role (its own and its ancestors' policies together), every user that acts with
 * more than its role (links of its own) or as an API client (service account), and every policy.
 */
export function permissionMatrix(model: InstanceModel): PermissionMatrix {
  const collections = matrixCollections(model);
  const policyById = new Map(model.policies.map((p) => [p.id, p]));
  const policiesOf = (ids: Iterable<string>): ModelPolicy[] =>
    [...ids].flatMap((id) => {
      const policy = policyById.get(id);
      return policy ? [policy] : [];
    });
  const facts = factsOf(model);
  const publicRow = matrixRow(
    { kind: "PublicAccess", id: "public", name: "Public access" },
    policiesOf(model.publicLinks.map((l) => l.policy)),
    collections,
  );
  const userRows = principalsOf(facts)
    .filter((p) => p.principal.kind === "user")
    .map((p) =>
      matrixRow(
        { kind: "User", id: p.principal.id, name: p.principal.label },
        policiesOf(p.policies.map((held) => held.id)),
        collections,
      ),
    )
    .sort(byNameThenId);
  const roleRows = [...model.roles]
    .sort(byNameThenId)
    .map((role) =>
      matrixRow(
        { kind: "Role", id: role.id, name: role.name },
        policiesOf(policiesOfRole(facts, role.id)),
        collections,
      ),
    );
  const policyRows = [...model.policies]
    .sort(byNameThenId)
    .map((policy) => matrixRow({ kind: "Policy", id: policy.id, name: policy.name }, [policy], collections));
  return { collections, actions: [...PERMISSION_ACTIONS], rows: [publicRow, ...roleRows, ...userRows, ...policyRows] };
}
