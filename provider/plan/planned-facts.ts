/**
 * The planned end state: the live instance with every declared resource applied and every resource
 * the program no longer declares removed. Rules judge this state, so grants are counted once for the
 * whole program (two new admin links are two), removals count too, and references between declared
 * resources resolve (a PublicAccess on a Policy of the same program makes that policy public).
 */
import { creationId } from "../model/creation-id";
import type { PolicyPermission } from "../model/subjects";
import type { InstanceFacts, PermissionFacts, Subject } from "../rules/types";

/** A resource of the program, its subject with references already resolved to (planned) ids. */
export interface PlannedResource {
  /** Stable key, `<Kind>:<name>`, used in messages and for planned ids. */
  readonly key: string;
  /** The object's id: the real one when it exists (state or adoptId), else {@link plannedId}. */
  readonly id: string;
  readonly subject: Subject;
}

/** A resource of the previous deployment that the program no longer declares (it will be deleted). */
export interface RemovedResource {
  readonly kind: string;
  readonly id: string;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/**
 * The id an object the program will create gets (see resources/creation-id.ts), so references
 * between declared resources can be followed like real ids. `createKey` is `<project>/<stack>/<Kind>:<name>`.
 */
export function plannedId(createKey: string): string {
  return creationId(createKey);
}

type Mutable = {
  -readonly [K in keyof InstanceFacts]: InstanceFacts[K] extends readonly (infer T)[] ? T[] : InstanceFacts[K];
};

function upsert<T extends { id: string }>(list: T[], item: T): void {
  const at = list.findIndex((entry) => entry.id === item.id);
  if (at === -1) list.push(item);
  else list[at] = item;
}

/** Adopted objects stay when their resource goes, unless it says `deleteOnDestroy`. */
function retained(removed: RemovedResource): boolean {
  return typeof removed.outputs.adoptId === "string" && removed.outputs.deleteOnDestroy !== true;
}

function removeObject(facts: Mutable, removed: RemovedResource): void {
  switch (removed.kind) {
    case "PolicyAttachment":
      if (retained(removed)) break;
      facts.access = facts.access.filter((a) => a.id !== removed.id);
      break;
    case "Role":
      if (retained(removed)) break;
      // Directus suspends the users of a deleted role and clears their role.
      facts.roles = facts.roles.filter((r) => r.id !== removed.id);
      facts.users = facts.users.map((u) => (u.role === removed.id ? { ...u, role: null, status: "suspended" } : u));
      facts.access = facts.access.filter((a) => a.role !== removed.id);
      break;
    case "Policy":
      if (retained(removed)) break;
      facts.policies = facts.policies.filter((p) => p.id !== removed.id);
      facts.access = facts.access.filter((a) => a.policy !== removed.id);
      break;
    case "ServiceAccount":
      if (retained(removed)) break;
      facts.users = facts.users.filter((u) => u.id !== removed.id);
      facts.access = facts.access.filter((a) => a.user !== removed.id);
      break;
    case "PublicAccess": {
      const created = removed.outputs.createdAccessId;
      if (typeof created === "string") facts.access = facts.access.filter((a) => a.id !== created);
      break;
    }
  }
}

/** Rows of removed Permission resources go (their policy's rows go with the policy, see plannedRows). */
function withoutRemovedRows(
  rows: readonly PolicyPermission[] | undefined,
  removed: readonly RemovedResource[],
): readonly PolicyPermission[] | undefined {
  const gone = removed.filter((r) => r.kind === "Permission");
  if (!rows || gone.length === 0) return rows;
  return rows.filter(
    (row) =>
      !gone.some(
        ({ outputs }) =>
          outputs.policy === row.policy &&
          outputs.collection === row.permission.collection &&
          outputs.action === row.permission.action,
      ),
  );
}

function applyResource(facts: Mutable, resource: PlannedResource): void {
  const { subject, id } = resource;
  switch (subject.kind) {
    case "Policy": {
      const { name, adminAccess, appAccess, enforceTfa, ipAccess, adoptId } = subject.inputs;
      // An adopted policy keeps the fields the program leaves out.
      const before = facts.policies.find((p) => p.id === (adoptId ?? id));
      upsert(facts.policies, {
        id: adoptId ?? id,
        name,
        adminAccess: adminAccess ?? before?.adminAccess ?? false,
        appAccess: appAccess ?? before?.appAccess ?? false,
        enforceTfa: enforceTfa ?? before?.enforceTfa ?? false,
        ipAccess: ipAccess === undefined ? (before?.ipAccess ?? null) : ipAccess,
      });
      break;
    }
    case "Role": {
      const { adoptId, parent } = subject.inputs;
      const before = facts.roles.find((r) => r.id === (adoptId ?? id));
      upsert(facts.roles, {
        id: adoptId ?? id,
        parent: parent === undefined ? (before?.parent ?? null) : parent,
        name: subject.inputs.name,
      });
      break;
    }
    case "PolicyAttachment":
      upsert(facts.access, {
        id,
        policy: subject.inputs.policy,
        role: subject.inputs.role ?? null,
        user: subject.inputs.user ?? null,
      });
      break;
    case "PublicAccess": {
      const policy = subject.inputs.policy;
      if (!facts.access.some((a) => a.policy === policy && a.role === null && a.user === null)) {
        facts.access.push({ id: `${id}:public-link`, policy, role: null, user: null });
      }
      break;
    }
    case "ServiceAccount":
      upsert(facts.users, {
        id,
        role: subject.inputs.role,
        status: "active",
        email: subject.inputs.email,
        serviceAccount: true,
      });
      break;
    case "SecuritySettings": {
      const registration = subject.inputs.publicRegistration;
      if (registration) facts.registration = { ...registration };
      break;
    }
    // A permission row gives no principal, policy or link (see plannedRows).
    case "Permission":
      break;
    default:
      unhandledKind(subject);
  }
}

/** The permission rows a resource plans, with the id of their policy. */
function plannedPermissionsOf({ subject, id }: PlannedResource): { policy: string; permission: PermissionFacts }[] {
  switch (subject.kind) {
    case "Policy":
      return (subject.inputs.permissions ?? []).map((permission) => ({
        policy: subject.inputs.adoptId ?? id,
        permission,
      }));
    case "PublicAccess":
      return subject.inputs.permissions.map((permission) => ({ policy: subject.inputs.policy, permission }));
    case "Permission": {
      const { policy, ...permission } = subject.inputs;
      return [{ policy, permission }];
    }
    default:
      return [];
  }
}

const sameRow = (a: PolicyPermission, b: PolicyPermission) =>
  a.policy === b.policy &&
  a.permission.collection === b.permission.collection &&
  a.permission.action === b.permission.action;

/**
 * The permission rows of the end state: a Policy with inline permissions and a PublicAccess replace
 * their policy's rows, a Permission replaces the one row of its collection and action, and the rows
 * of policies that go away go with them. Undefined when the live rows were not read.
 */
function plannedRows(
  live: readonly PolicyPermission[] | undefined,
  declared: readonly PlannedResource[],
  policies: ReadonlySet<string>,
): PolicyPermission[] | undefined {
  if (live === undefined) return undefined;
  let rows = live.filter((row) => policies.has(row.policy));
  for (const resource of declared) {
    const planned = plannedPermissionsOf(resource);
    const { subject } = resource;
    const replacesAll = subject.kind === "PublicAccess" || (subject.kind === "Policy" && subject.inputs.permissions);
    if (replacesAll) {
      const policy = subject.kind === "PublicAccess" ? subject.inputs.policy : (subject.inputs.adoptId ?? resource.id);
      rows = rows.filter((row) => row.policy !== policy);
    } else rows = rows.filter((row) => !planned.some((p) => sameRow(p, row)));
    rows.push(...planned);
  }
  return rows;
}

/** Compile-time exhaustiveness: a new subject kind must be handled above. */
function unhandledKind(subject: never): never {
  throw new Error(`unhandled subject kind: ${JSON.stringify(subject)}`);
}

/**
 * The subject with the fields an adopted policy or role leaves out filled in from the live object, so
 * rules judge what the object will be (e.g. an adopted admin policy stays admin unless the program says so).
 */
export function withLiveFields(resource: PlannedResource, live: InstanceFacts): PlannedResource {
  const { subject } = resource;
  if (subject.kind === "Policy" && subject.inputs.adoptId !== undefined) {
    const current = live.policies.find((p) => p.id === subject.inputs.adoptId);
    if (!current) return resource;
    const inputs = { ...subject.inputs };
    inputs.adminAccess ??= current.adminAccess;
    inputs.appAccess ??= current.appAccess;
    inputs.enforceTfa ??= current.enforceTfa;
    if (inputs.ipAccess === undefined) inputs.ipAccess = current.ipAccess ? [...current.ipAccess] : null;
    return { ...resource, subject: { kind: "Policy", inputs } };
  }
  if (subject.kind === "Role" && subject.inputs.adoptId !== undefined && subject.inputs.parent === undefined) {
    const current = live.roles.find((r) => r.id === subject.inputs.adoptId);
    if (!current) return resource;
    return { ...resource, subject: { kind: "Role", inputs: { ...subject.inputs, parent: current.parent } } };
  }
  return resource;
}

/** Live facts, minus what the program removes, plus everything it declares. */
export function plannedFacts(
  live: InstanceFacts,
  declared: readonly PlannedResource[],
  removed: readonly RemovedResource[] = [],
): InstanceFacts {
  const facts: Mutable = {
    ...live,
    policies: [...live.policies],
    access: [...live.access],
    roles: [...live.roles],
    users: [...live.users],
  };
  for (const entry of removed) removeObject(facts, entry);
  for (const resource of declared) applyResource(facts, resource);
  const policies = new Set(facts.policies.map((p) => p.id));
  return {
    ...facts,
    plannedPermissions: declared.flatMap(plannedPermissionsOf),
    permissions: plannedRows(withoutRemovedRows(live.permissions, removed), declared, policies),
  };
}
