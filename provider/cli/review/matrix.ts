/**
 * The permission matrix of a preview, before and after: the program's policies, permissions, public
 * access, roles, attachments and service accounts become an instance model per side (resources named
 * by URN), `permissionMatrix` draws both, and every cell the change moves is marked. A preview taken
 * with `--show-sames` holds the unchanged resources too; without it the matrix shows only what the
 * changed resources give.
 */

import type { InstanceModel, ModelLink, ModelPolicy, ModelRole, ModelUser } from "../../model/instance";
import { BUILT_IN_PUBLIC_POLICY_ID, POLICY_DEFAULTS } from "../../model/mapping";
import type { NormalizedPermission, PermissionAction } from "../../model/permissions";
import { permissionMatrix } from "../audit-report/matrix";
import type { MatrixCell, MatrixRow, PermissionMatrix } from "../audit-report/types";
import { type CellChange, cellKey, rowKey } from "../html/matrix";
import type { PreviewStep } from "./preview-json";
import { type Ref, refOf, sameTarget } from "./references";
import { type Side, type State, toState, transitionsOf } from "./transitions";
import { kindOfType, nameOfUrn } from "./urns";

export interface ReviewMatrix {
  /** The rows after the change, then the rows the change removes (as they were). */
  readonly matrix: PermissionMatrix;
  readonly changes: ReadonlyMap<string, CellChange>;
  readonly rowChanges: ReadonlyMap<string, CellChange>;
  /** The preview holds unchanged resources too (`--show-sames`), so rows show the whole program. */
  readonly complete: boolean;
}

interface Resource {
  readonly kind: string;
  readonly urn: string;
  readonly state: State;
}

/** Every resource of the preview as it is on `side`, one state per URN (unchanged ones from `same` steps). */
function resourcesOn(steps: readonly PreviewStep[], side: Side): Resource[] {
  const states = new Map<string, Resource>();
  for (const step of steps.filter((s) => s.op === "same")) {
    const preview = step.newState ?? step.oldState;
    const state = toState(step.urn, preview);
    if (preview && state) states.set(step.urn, { kind: kindOfType(preview.type), urn: step.urn, state });
  }
  for (const transition of transitionsOf(steps)) {
    const state = transition[side];
    if (state) states.set(transition.urn, { kind: transition.kind, urn: transition.urn, state });
    else states.delete(transition.urn);
  }
  return [...states.values()];
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function permissionsOf(state: State): NormalizedPermission[] {
  const list = state.inputs.permissions;
  return Array.isArray(list) ? (list as NormalizedPermission[]) : [];
}

function permissionOf(state: State): NormalizedPermission {
  const { collection, action, fields, filter, validation, presets } = state.inputs;
  return {
    collection: text(collection, "?"),
    action: text(action, "read") as PermissionAction,
    fields: Array.isArray(fields) ? (fields as string[]) : null,
    filter: (filter ?? null) as NormalizedPermission["filter"],
    validation: (validation ?? null) as NormalizedPermission["validation"],
    presets: (presets ?? null) as NormalizedPermission["presets"],
  };
}

/** The program's resources on one side, and how a reference finds one of them. */
interface Program {
  of(kind: string): Resource[];
  /** The URN of the resource of `kind` that `ref` names, else the id it names (an object outside the program). */
  keyOf(kind: string, ref: Ref): string | undefined;
  readonly policies: Map<string, ModelPolicy>;
}

function programOf(resources: readonly Resource[], ids: ReadonlyMap<string, string>): Program {
  const of = (kind: string) => resources.filter((r) => r.kind === kind);
  const keyOf = (kind: string, ref: Ref) =>
    of(kind).find((r) => sameTarget({ id: ids.get(r.urn), urn: r.urn }, ref))?.urn ?? ref.id;
  return { of, keyOf, policies: new Map(of("Policy").map((r) => [r.urn, ownPolicy(r)])) };
}

function ownPolicy(r: Resource): ModelPolicy {
  const { inputs } = r.state;
  return {
    id: r.urn,
    ...POLICY_DEFAULTS,
    name: text(inputs.name, nameOfUrn(r.urn)),
    adminAccess: inputs.adminAccess === true,
    appAccess: inputs.appAccess === true,
    enforceTfa: inputs.enforceTfa === true,
    ipAccess: null,
    permissions: permissionsOf(r.state).map((p, index) => ({ ...p, id: index })),
  };
}

/** The policy `ref` names: the program's, or one outside it (added once, with the rows the program gives it). */
function policyFor(program: Program, ref: Ref): ModelPolicy | undefined {
  const key = program.keyOf("Policy", ref);
  if (key === undefined) return undefined;
  const known = program.policies.get(key);
  if (known) return known;
  const outside = emptyPolicy(key, ref.id === BUILT_IN_PUBLIC_POLICY_ID ? "Public (built-in)" : `policy ${key}`);
  program.policies.set(key, outside);
  return outside;
}

function publicLinksOf(program: Program): InstanceModel["publicLinks"] {
  return program.of("PublicAccess").flatMap((r) => {
    const policy = policyFor(program, refOf(r.state, "policy"));
    if (!policy) return [];
    policy.permissions.push(...permissionsOf(r.state).map((p, index) => ({ ...p, id: 1000 + index })));
    return [{ id: r.urn, policy: policy.id }];
  });
}

function addPermissionResources(program: Program): void {
  for (const r of program.of("Permission")) {
    policyFor(program, refOf(r.state, "policy"))?.permissions.push({ ...permissionOf(r.state), id: 2000 });
  }
}

/** The key of the resource of `kind` the input `key` names, or null when the input is empty. */
function referenced(program: Program, r: Resource, key: string, kind: string): string | null {
  return r.state.inputs[key] ? (program.keyOf(kind, refOf(r.state, key)) ?? null) : null;
}

function rolesOf(program: Program): ModelRole[] {
  return program.of("Role").map((r) => ({
    id: r.urn,
    name: text(r.state.inputs.name, nameOfUrn(r.urn)),
    description: null,
    icon: "",
    parent: referenced(program, r, "parent", "Role"),
  }));
}

function serviceAccountsOf(program: Program): ModelUser[] {
  return program.of("ServiceAccount").map((r) => ({
    id: r.urn,
    // An API user may have no email: the resource's name then says which one it is.
    email: text(r.state.inputs.email, nameOfUrn(r.urn)),
    firstName: null,
    lastName: null,
    role: referenced(program, r, "role", "Role"),
    status: text(r.state.inputs.status, "active"),
    serviceAccount: true,
  }));
}

/** The attachments; a user outside the program that one names joins `users`. */
function linksOf(program: Program, users: ModelUser[]): ModelLink[] {
  return program.of("PolicyAttachment").flatMap((r) => {
    const policy = policyFor(program, refOf(r.state, "policy"));
    if (!policy) return [];
    const role = referenced(program, r, "role", "Role");
    const user = referenced(program, r, "user", "ServiceAccount");
    if (user && !users.some((u) => u.id === user)) users.push(outsideUser(user));
    return [{ id: r.urn, policy: policy.id, ...(role ? { role } : {}), ...(user ? { user } : {}), sort: 1 }];
  });
}

/** The model of the program on one side: policies, roles and service accounts named by URN. */
function modelOf(resources: readonly Resource[], ids: ReadonlyMap<string, string>): InstanceModel {
  const program = programOf(resources, ids);
  const publicLinks = publicLinksOf(program);
  addPermissionResources(program);
  const users = serviceAccountsOf(program);
  const links = linksOf(program, users);
  return {
    version: "",
    customPermissionRules: true,
    roles: rolesOf(program),
    policies: [...program.policies.values()],
    links,
    publicLinks,
    users,
    settings: {
      projectName: "",
      passwordPolicy: "none",
      loginAttempts: null,
      publicRegistration: { enabled: false, verifyEmail: true, role: null, emailFilter: null },
    },
    fields: {},
  };
}

/** A policy the program only names (by id): Directus' defaults, and the rows the program gives it. */
function emptyPolicy(id: string, name: string): ModelPolicy {
  return { id, name, ...POLICY_DEFAULTS, ipAccess: null, permissions: [] };
}

function outsideUser(id: string): ModelUser {
  return {
    id,
    email: `user ${id}`,
    firstName: null,
    lastName: null,
    role: null,
    status: "active",
    serviceAccount: false,
  };
}

/** Each resource's Directus id, from whichever side of the preview knows it (or the id it adopts). */
function idsOf(steps: readonly PreviewStep[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const step of steps) {
    for (const preview of [step.oldState, step.newState]) {
      const state = toState(step.urn, preview);
      const adopt = state?.inputs.adoptId;
      const id = state?.id ?? (typeof adopt === "string" ? adopt : undefined);
      if (id && !ids.has(step.urn)) ids.set(step.urn, id);
    }
  }
  return ids;
}

const ACCESS_RANK: Record<MatrixCell["access"], number> = {
  none: 0,
  "fields+filter": 1,
  fields: 2,
  filter: 2,
  full: 3,
};

function fieldsOf(cell: MatrixCell): readonly string[] {
  return cell.access === "none" ? [] : cell.fields;
}

function covers(fields: readonly string[], field: string): boolean {
  return fields.includes("*") || fields.includes(field);
}

function validated(cell: MatrixCell): boolean {
  return cell.access !== "none" && cell.validation;
}

/** How a cell moved: more access (rank, fields, validation dropped), less, both, or other grants. */
export function cellChange(before: MatrixCell, after: MatrixCell, sameGrants: boolean): CellChange | undefined {
  const rankUp = ACCESS_RANK[after.access] > ACCESS_RANK[before.access];
  const rankDown = ACCESS_RANK[after.access] < ACCESS_RANK[before.access];
  const gained = fieldsOf(after).some((f) => !covers(fieldsOf(before), f));
  const lost = fieldsOf(before).some((f) => !covers(fieldsOf(after), f));
  const wider = rankUp || (after.access !== "none" && gained) || (validated(before) && !validated(after));
  const narrower =
    rankDown ||
    (before.access !== "none" && lost) ||
    (!validated(before) && validated(after) && before.access !== "none");
  if (wider && narrower) return "changed";
  if (wider) return "widened";
  if (narrower) return "narrowed";
  return sameGrants ? undefined : "changed";
}

const NONE: MatrixCell = { access: "none" };

function cellOf(row: MatrixRow | undefined, collection: string, action: PermissionAction): MatrixCell {
  return row?.cells[collection]?.[action] ?? NONE;
}

/** The permission rows a matrix row's policies hold for one collection and action, as comparable text. */
function grantsText(model: InstanceModel, row: MatrixRow | undefined, collection: string, action: string): string {
  if (!row) return "";
  const rows = model.policies
    .filter((p) => row.policies.includes(p.id))
    .flatMap((p) => p.permissions)
    .filter((p) => p.collection === collection && p.action === action)
    .map(({ id: _id, ...permission }) => JSON.stringify(permission))
    .sort();
  return rows.join("\n");
}

function rowChange(before: MatrixRow | undefined, after: MatrixRow | undefined): CellChange | undefined {
  if (!before) return "widened";
  if (!after) return "narrowed";
  const up = (after.adminAccess && !before.adminAccess) || (after.appAccess && !before.appAccess);
  const down = (before.adminAccess && !after.adminAccess) || (before.appAccess && !after.appAccess);
  return up && down ? "changed" : up ? "widened" : down ? "narrowed" : undefined;
}

/** The matrix of the program after the change, with every cell and row the change moves marked. */
export function reviewMatrix(steps: readonly PreviewStep[]): ReviewMatrix {
  const ids = idsOf(steps);
  const beforeModel = modelOf(resourcesOn(steps, "before"), ids);
  const afterModel = modelOf(resourcesOn(steps, "after"), ids);
  const before = permissionMatrix(beforeModel);
  const after = permissionMatrix(afterModel);
  const beforeRows = new Map(before.rows.map((row) => [rowKey(row), row]));
  const afterKeys = new Set(after.rows.map(rowKey));
  const removed = before.rows.filter((row) => !afterKeys.has(rowKey(row)));
  const collections = [...new Set([...before.collections, ...after.collections])].sort();
  // A policy outside the program that public access names (the built-in public one) is the public row already.
  const publicOnly = (row: MatrixRow) =>
    row.kind === "Policy" &&
    !row.id.startsWith("urn:") &&
    rows.some((r) => r.kind === "PublicAccess" && r.policies.includes(row.id));
  const rows = [...after.rows, ...removed];
  for (let index = rows.length - 1; index >= 0; index--)
    if (publicOnly(rows[index] as MatrixRow)) rows.splice(index, 1);
  const changes = new Map<string, CellChange>();
  const rowChanges = new Map<string, CellChange>();
  for (const row of rows) {
    const key = rowKey(row);
    const old = beforeRows.get(key);
    const now = afterKeys.has(key) ? row : undefined;
    const moved = rowChange(old, now);
    if (moved) rowChanges.set(key, moved);
    for (const collection of collections) {
      for (const action of after.actions) {
        const same =
          grantsText(beforeModel, old, collection, action) === grantsText(afterModel, now, collection, action);
        const change = cellChange(cellOf(old, collection, action), cellOf(now, collection, action), same);
        if (change) changes.set(cellKey(key, collection, action), change);
      }
    }
  }
  return {
    matrix: { collections, actions: after.actions, rows },
    changes,
    rowChanges,
    complete: steps.some((s) => s.op === "same" && !s.urn.includes("pulumi:pulumi:Stack")),
  };
}
