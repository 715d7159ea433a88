/**
 * Turns a model of a live instance into a standalone Pulumi program that adopts every object as it is:
 * generated resources carry the existing ids, refer to each other by variable, and write every field
 * with its current value, so the first `pulumi up` changes nothing.
 */

import type {
  InstanceModel,
  ModelPart,
  ModelPermission,
  ModelPolicy,
  ModelRole,
  ModelUser,
} from "../../model/instance";
import { publicPolicyIds } from "../../model/instance";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../../model/mapping";
import { compareText } from "../../model/order";
import { ruleById } from "../../rules/registry";
import { permissionSchema } from "../../schemas/permission";
import type { AuditFinding } from "../audit-report";
import { displayName, identifierFor, resourceNameFor, UniqueNames } from "./names";

export interface GenerateOptions {
  readonly parts: ReadonlySet<ModelPart>;
  /** Findings of the live instance; exemptible errors are acknowledged on their resource, so `up` applies unchanged. */
  readonly findings: readonly AuditFinding[];
}

/** Something about one object of the generated program that the user should know before `pulumi preview`. */
export interface ImportNote {
  readonly object: { readonly kind: string; readonly id: string; readonly name: string };
  readonly property: string;
  readonly text: string;
}

export interface GeneratedProgram {
  /** `index.ts`, not yet formatted. */
  readonly source: string;
  /** How many resources of each kind the program declares. */
  readonly counts: Readonly<Record<string, number>>;
  /** Errors that cannot be acknowledged: `pulumi up` refuses the program until they are fixed. */
  readonly blocking: readonly AuditFinding[];
  readonly acknowledged: readonly AuditFinding[];
  /** Shapes `pulumi preview` would refuse (besides the blocking rules), with the fix. */
  readonly refused: readonly ImportNote[];
  /** Values kept as the instance has them although a program could not write them that way (preview warns). */
  readonly kept: readonly ImportNote[];
}

const ACK_REASON = "Imported as found on the live instance; fix it, then remove this acknowledgement.";

function lit(value: unknown): string {
  return JSON.stringify(value);
}

/** Roles with each parent before its children (then by name), so references are declared before use. */
function rolesInOrder(roles: readonly ModelRole[]): ModelRole[] {
  const byName = [...roles].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const ids = new Set(roles.map((r) => r.id));
  const placed = new Set<string>();
  const ordered: ModelRole[] = [];
  while (ordered.length < byName.length) {
    const ready = byName.filter(
      (r) => !placed.has(r.id) && (r.parent === null || !ids.has(r.parent) || placed.has(r.parent)),
    );
    // A parent cycle cannot be saved in Directus; place the rest as they come rather than loop forever.
    const next = ready.length > 0 ? ready : byName.filter((r) => !placed.has(r.id));
    for (const role of next) {
      placed.add(role.id);
      ordered.push(role);
    }
  }
  return ordered;
}

/** The resource kinds import declares. */
type DeclaredKind =
  | "Role"
  | "Policy"
  | "Permission"
  | "PublicAccess"
  | "PolicyAttachment"
  | "ServiceAccount"
  | "SecuritySettings";

/** The word that ends each kind's variable names: `editorsRole`, `editingEditorsLink`, `publicAccess`. */
const IDENTIFIER_SUFFIX: Record<DeclaredKind, string> = {
  Role: "Role",
  Policy: "Policy",
  Permission: "Permission",
  PublicAccess: "Access",
  PolicyAttachment: "Link",
  ServiceAccount: "Account",
  SecuritySettings: "Settings",
};

class ProgramWriter {
  private readonly identifiers = new UniqueNames("");
  private readonly resourceNames = new Map<DeclaredKind, UniqueNames>();
  /** Variables by kind and id: a role and a policy may share an id (Directus' 10 -> 11 migration). */
  private readonly variables = new Map<string, string>();
  private readonly lines: string[] = [];
  readonly counts: Record<string, number> = {};
  readonly acknowledged: AuditFinding[] = [];
  readonly refused: ImportNote[] = [];
  readonly kept: ImportNote[] = [];

  constructor(
    private readonly model: InstanceModel,
    private readonly findings: readonly AuditFinding[],
  ) {}

  /** A reference to an object: its variable's `.id` when the program declares it as `kind`, else the literal id. */
  ref(kind: DeclaredKind, id: string | null): string {
    if (id === null) return "null";
    const variable = this.variables.get(`${kind}:${id}`);
    return variable ? `${variable}.id` : lit(id);
  }

  comment(text: string): void {
    this.lines.push(`// ${text}`);
  }

  importPackage(): void {
    this.lines.push('import * as directus from "pulumi-directus";', "");
  }

  blank(): void {
    this.lines.push("");
  }

  /** Acknowledgements pinned to each finding the object has today (see README, Validation). */
  private acknowledgements(kind: DeclaredKind, id: string): string[] {
    const exemptible = this.findings.filter(
      (f) => f.object.kind === kind && f.object.id === id && f.severity === "error" && ruleById(f.ruleId)?.exemptible,
    );
    this.acknowledged.push(...exemptible);
    const byRule = new Map<string, Set<string>>();
    for (const finding of exemptible) {
      const covers = byRule.get(finding.ruleId) ?? new Set<string>();
      covers.add(finding.target);
      byRule.set(finding.ruleId, covers);
    }
    return [...byRule.keys()]
      .sort(compareText)
      .map(
        (rule) =>
          `{ rule: ${lit(rule)}, covers: ${lit([...(byRule.get(rule) ?? [])].sort(compareText))}, reason: ${lit(ACK_REASON)} }`,
      );
  }

  /** `const <var> = new directus.<Kind>("<name>", { ... });` and remembers the variable for `kind` and `id`. */
  declare(kind: DeclaredKind, id: string, displayed: string, fields: readonly [string, string][]): void {
    const variable = this.identifiers.claim(identifierFor(displayed, IDENTIFIER_SUFFIX[kind]));
    const names = this.resourceNames.get(kind) ?? new UniqueNames("-");
    this.resourceNames.set(kind, names);
    const name = names.claim(resourceNameFor(displayed, kind.toLowerCase()));
    const acks = this.acknowledgements(kind, id);
    const body = [...fields, ...(acks.length > 0 ? ([["acknowledge", `[${acks.join(", ")}]`]] as const) : [])]
      .map(([key, value]) => `${key}: ${value},`)
      .join("\n");
    this.lines.push(`const ${variable} = new directus.${kind}(${lit(name)}, {\n${body}\n});`);
    this.variables.set(`${kind}:${id}`, variable);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** A policy: the Policy's variable, or the literal id with the policy's name (e.g. the built-in public policy). */
  policyRef(id: string): string {
    const reference = this.ref("Policy", id);
    if (reference.endsWith(".id")) return reference;
    const policy = this.model.policies.find((p) => p.id === id);
    return `${reference} /* ${policy ? displayName(policy.name) : "policy"} */`;
  }

  /** A user: the service account's variable, or the id with the email (if any) in a comment. */
  userRef(id: string | undefined): string {
    const reference = this.ref("ServiceAccount", id ?? null);
    if (reference.endsWith(".id")) return reference;
    const user = this.model.users.find((u) => u.id === id);
    return `${reference} /* ${user?.email ?? "user without email"} */`;
  }

  source(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

function permissionLiteral(permission: ModelPermission): string {
  const fields: string[] = [`collection: ${lit(permission.collection)}`, `action: ${lit(permission.action)}`];
  fields.push(`fields: ${lit(permission.fields)}`);
  if (permission.filter !== null) fields.push(`filter: ${lit(permission.filter)}`);
  if (permission.validation !== null) fields.push(`validation: ${lit(permission.validation)}`);
  if (permission.presets !== null) fields.push(`presets: ${lit(permission.presets)}`);
  return `{ ${fields.join(", ")} }`;
}

/** Rows a new program could not write (no field, a name the naming rule refuses, ...): kept as found. */
function keptRows(
  object: ImportNote["object"],
  permissions: readonly ModelPermission[],
  property: string,
): ImportNote[] {
  const strict = permissionSchema("strict");
  return permissions.flatMap((permission, index) => {
    const { id: _id, ...row } = permission;
    const parsed = strict.safeParse(row);
    if (parsed.success) return [];
    const reasons = [...new Set(parsed.error.issues.map((issue) => issue.message))];
    return [
      {
        object,
        property: `${property}[${index}]`,
        text: `${permission.action} on '${permission.collection}': ${reasons.join("; ")}`,
      },
    ];
  });
}

/** A policy with two rows for one collection and action: Directus takes it, the Studio and the schema do not. */
function duplicateRows(object: ImportNote["object"], permissions: readonly ModelPermission[]): ImportNote[] {
  const byKey = new Map<string, number[]>();
  for (const permission of permissions) {
    const key = `${permission.action} on '${permission.collection}'`;
    byKey.set(key, [...(byKey.get(key) ?? []), permission.id]);
  }
  return [...byKey.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([key, ids]) => ({
      object,
      property: "permissions",
      text: `${ids.length} rows for ${key} (ids ${ids.join(", ")}); Directus allows one rule per collection and action and the Studio shows only one. Fix: delete all but one of them in the Studio, then import again.`,
    }));
}

/** What preview refuses or keeps in the permission lists the program declares. */
function permissionNotes(program: ProgramWriter, model: InstanceModel, parts: ReadonlySet<ModelPart>): void {
  if (!parts.has("permissions")) return;
  const publicIds = publicPolicyIds(model);
  for (const policy of model.policies) {
    const declaredAs = publicIds.has(policy.id) ? "PublicAccess" : parts.has("policies") ? "Policy" : "Permission";
    const object = { kind: declaredAs, id: policy.id, name: displayName(policy.name) };
    program.refused.push(...duplicateRows(object, policy.permissions));
    program.kept.push(...keptRows(object, policy.permissions, "permissions"));
  }
}

function permissionList(permissions: readonly ModelPermission[]): string {
  return `[\n${permissions.map((p) => `${permissionLiteral(p)},`).join("\n")}\n]`;
}

function writeRoles(writer: ProgramWriter, model: InstanceModel): void {
  if (model.roles.length === 0) return;
  writer.comment("Roles (child roles inherit the policies of their parents).");
  for (const role of rolesInOrder(model.roles)) {
    writer.declare("Role", role.id, displayName(role.name), [
      ["adoptId", lit(role.id)],
      ["name", lit(role.name)],
      ["description", lit(role.description)],
      ["icon", lit(role.icon)],
      ["parent", writer.ref("Role", role.parent)],
    ]);
  }
  writer.blank();
}

function policyFieldsOf(policy: ModelPolicy): [string, string][] {
  return [
    ["adoptId", lit(policy.id)],
    ["name", lit(policy.name)],
    ["description", lit(policy.description)],
    ["icon", lit(policy.icon)],
    ["adminAccess", lit(policy.adminAccess)],
    ["appAccess", lit(policy.appAccess)],
    ["enforceTfa", lit(policy.enforceTfa)],
    ["ipAccess", lit(policy.ipAccess)],
  ];
}

function writePolicies(writer: ProgramWriter, model: InstanceModel, parts: ReadonlySet<ModelPart>): void {
  const publicIds = publicPolicyIds(model);
  const policies = [...model.policies]
    .filter((p) => p.id !== BUILT_IN_PUBLIC_POLICY_ID)
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  if (policies.length === 0) return;
  writer.comment("Access policies. An inline `permissions` list is the policy's whole set of permissions.");
  for (const policy of policies) {
    if (policy.adminAccess) writer.comment(`${policy.name}: full admin access.`);
    const inline = parts.has("permissions") && !publicIds.has(policy.id);
    writer.declare("Policy", policy.id, displayName(policy.name), [
      ...policyFieldsOf(policy),
      ...(inline ? ([["permissions", permissionList(policy.permissions)]] as [string, string][]) : []),
    ]);
  }
  writer.blank();
}

/** Permissions as their own resources, when policies are not imported (`--only permissions`). */
function writeStandalonePermissions(writer: ProgramWriter, model: InstanceModel): void {
  const publicIds = publicPolicyIds(model);
  const policies = model.policies.filter((p) => !publicIds.has(p.id) && p.permissions.length > 0);
  if (policies.length === 0) return;
  writer.comment("Permissions, each adopted by its row id.");
  for (const policy of policies) {
    for (const permission of policy.permissions) {
      writer.declare(
        "Permission",
        `permission:${permission.id}`,
        `${policy.name} ${permission.collection} ${permission.action}`,
        [
          ["adoptId", lit(permission.id)],
          ["policy", writer.ref("Policy", policy.id)],
          ["collection", lit(permission.collection)],
          ["action", lit(permission.action)],
          ["fields", lit(permission.fields)],
          ["filter", lit(permission.filter)],
          ["validation", lit(permission.validation)],
          ["presets", lit(permission.presets)],
        ],
      );
    }
  }
  writer.blank();
}

function writePublicAccess(writer: ProgramWriter, model: InstanceModel): void {
  const publicIds = [...publicPolicyIds(model)].sort();
  if (publicIds.length === 0) return;
  writer.comment("What anonymous requests may do. Destroy leaves these permissions in place.");
  for (const id of publicIds) {
    const policy = model.policies.find((p) => p.id === id);
    if (!policy) continue;
    const builtIn = id === BUILT_IN_PUBLIC_POLICY_ID;
    writer.declare("PublicAccess", id, builtIn ? "public" : `${displayName(policy.name)} public`, [
      ...(builtIn ? [] : ([["policy", writer.ref("Policy", id)]] as [string, string][])),
      ["permissions", permissionList(policy.permissions)],
    ]);
  }
  writer.blank();
}

function writeLinks(writer: ProgramWriter, model: InstanceModel): void {
  if (model.links.length === 0) return;
  const policyName = new Map(model.policies.map((p) => [p.id, displayName(p.name)]));
  const roleName = new Map(model.roles.map((r) => [r.id, displayName(r.name)]));
  const userName = new Map(model.users.map((u) => [u.id, userLabel(u)]));
  const label = (link: InstanceModel["links"][number]) => {
    const policy = policyName.get(link.policy) ?? "policy";
    const holder = link.role ? (roleName.get(link.role) ?? "role") : (userName.get(link.user ?? "") ?? "user");
    // A role and its own policy (every role of an instance upgraded from Directus 10) share a name.
    return policy === holder ? policy : `${policy} ${holder}`;
  };
  const links = [...model.links].sort((a, b) => compareText(label(a), label(b)) || compareText(a.id, b.id));
  writer.comment(
    "Which roles and users get which policies. Users that are people are referred to by id, never managed.",
  );
  for (const link of links) {
    writer.declare("PolicyAttachment", link.id, label(link), [
      ["adoptId", lit(link.id)],
      ["policy", writer.policyRef(link.policy)],
      link.role ? ["role", writer.ref("Role", link.role)] : ["user", writer.userRef(link.user)],
      ["sort", lit(link.sort)],
    ]);
  }
  writer.blank();
}

/** What to call a user in names: the email's local part, else the name, else "service account". */
function userLabel(user: ModelUser): string {
  const fromEmail = user.email?.split("@")[0];
  if (fromEmail) return fromEmail;
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return name || "service account";
}

function writeServiceAccounts(writer: ProgramWriter, users: readonly ModelUser[]): void {
  const accounts = users
    .filter((u) => u.serviceAccount)
    .sort((a, b) => compareText(a.email ?? "", b.email ?? "") || compareText(a.id, b.id));
  if (accounts.length === 0) return;
  writer.comment("API users with a static token. Their tokens stay as they are until you set `rotation`.");
  for (const user of accounts) {
    writer.declare("ServiceAccount", user.id, userLabel(user), [
      ["adoptId", lit(user.id)],
      ["email", lit(user.email)],
      ["firstName", lit(user.firstName)],
      ["lastName", lit(user.lastName)],
      ["role", writer.ref("Role", user.role)],
      ["status", lit(user.status)],
    ]);
  }
  writer.blank();
}

function writeSettings(writer: ProgramWriter, model: InstanceModel): void {
  const { projectName, passwordPolicy, loginAttempts, publicRegistration } = model.settings;
  writer.comment("Security settings. Destroy writes back the values found before the stack managed them.");
  writer.declare("SecuritySettings", "settings", "settings", [
    ...(projectName ? ([["projectName", lit(projectName)]] as [string, string][]) : []),
    ["passwordPolicy", lit(passwordPolicy)],
    ["loginAttempts", lit(loginAttempts)],
    [
      "publicRegistration",
      `{ enabled: ${lit(publicRegistration.enabled)}, verifyEmail: ${lit(publicRegistration.verifyEmail)}, role: ${writer.ref("Role", publicRegistration.role)}, emailFilter: ${lit(publicRegistration.emailFilter)} }`,
    ],
  ]);
}

/** The program's `index.ts` (unformatted) for the selected parts of the model. */
export function generateProgram(model: InstanceModel, options: GenerateOptions): GeneratedProgram {
  const writer = new ProgramWriter(model, options.findings);
  const { parts } = options;
  writer.comment("Generated by `pulumi-directus import`: every object is adopted by id, with its current values.");
  writer.comment("Destroying the stack leaves adopted objects in place (set `deleteOnDestroy: true` to change that).");
  writer.importPackage();
  if (parts.has("roles")) writeRoles(writer, model);
  if (parts.has("policies")) writePolicies(writer, model, parts);
  else if (parts.has("permissions")) writeStandalonePermissions(writer, model);
  if (parts.has("permissions")) writePublicAccess(writer, model);
  if (parts.has("users")) writeServiceAccounts(writer, model.users);
  if (parts.has("access")) writeLinks(writer, model);
  if (parts.has("settings")) writeSettings(writer, model);
  permissionNotes(writer, model, parts);
  const acknowledgedKeys = new Set(writer.acknowledged);
  return {
    source: writer.source(),
    counts: writer.counts,
    acknowledged: writer.acknowledged,
    refused: writer.refused,
    kept: writer.kept,
    blocking: options.findings.filter((f) => f.severity === "error" && !acknowledgedKeys.has(f)),
  };
}
