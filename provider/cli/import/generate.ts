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
import { ruleById } from "../../rules/registry";
import type { AuditFinding } from "../audit-report";
import { identifierFor, resourceNameFor, UniqueNames } from "./names";

export interface GenerateOptions {
  readonly parts: ReadonlySet<ModelPart>;
  /** Findings of the live instance; exemptible errors are acknowledged on their resource, so `up` applies unchanged. */
  readonly findings: readonly AuditFinding[];
}

export interface GeneratedProgram {
  /** `index.ts`, not yet formatted. */
  readonly source: string;
  /** How many resources of each kind the program declares. */
  readonly counts: Readonly<Record<string, number>>;
  /** Errors that cannot be acknowledged: `pulumi up` refuses the program until they are fixed. */
  readonly blocking: readonly AuditFinding[];
  readonly acknowledged: readonly AuditFinding[];
}

const ACK_REASON = "Imported as found on the live instance; fix it, then remove this acknowledgement.";

function lit(value: unknown): string {
  return JSON.stringify(value);
}

/** Roles with each parent before its children (then by name), so references are declared before use. */
function rolesInOrder(roles: readonly ModelRole[]): ModelRole[] {
  const byName = [...roles].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
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

class ProgramWriter {
  private readonly identifiers = new UniqueNames("");
  private readonly resourceNames = new Map<string, UniqueNames>();
  private readonly variables = new Map<string, string>();
  private readonly lines: string[] = [];
  readonly counts: Record<string, number> = {};
  readonly acknowledged: AuditFinding[] = [];

  constructor(
    private readonly model: InstanceModel,
    private readonly findings: readonly AuditFinding[],
  ) {}

  /** A reference to an object: its variable's `.id` when the program declares it, else the literal id. */
  ref(id: string | null): string {
    if (id === null) return "null";
    return this.variables.has(id) ? `${this.variables.get(id)}.id` : lit(id);
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

  private acknowledgements(kind: string, id: string): string[] {
    const exemptible = this.findings.filter(
      (f) => f.object.kind === kind && f.object.id === id && f.severity === "error" && ruleById(f.ruleId)?.exemptible,
    );
    this.acknowledged.push(...exemptible);
    const rules = [...new Set(exemptible.map((f) => f.ruleId))].sort();
    return rules.map((rule) => `{ rule: ${lit(rule)}, reason: ${lit(ACK_REASON)} }`);
  }

  /** `const <var> = new directus.<Kind>("<name>", { ... });` and remembers the variable for `id`. */
  declare(kind: string, id: string, displayName: string, fields: readonly [string, string][]): void {
    const variable = this.identifiers.claim(identifierFor(displayName, kind));
    const names = this.resourceNames.get(kind) ?? new UniqueNames("-");
    this.resourceNames.set(kind, names);
    const name = names.claim(resourceNameFor(displayName, kind.toLowerCase()));
    const acks = this.acknowledgements(kind, id);
    const body = [...fields, ...(acks.length > 0 ? ([["acknowledge", `[${acks.join(", ")}]`]] as const) : [])]
      .map(([key, value]) => `${key}: ${value},`)
      .join("\n");
    this.lines.push(`const ${variable} = new directus.${kind}(${lit(name)}, {\n${body}\n});`);
    this.variables.set(id, variable);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  userRef(id: string | undefined): string {
    const user = this.model.users.find((u) => u.id === id);
    return `${this.ref(id ?? null)}${user && !this.variables.has(user.id) ? ` /* ${user.email || "user"} */` : ""}`;
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

function permissionList(permissions: readonly ModelPermission[]): string {
  return `[\n${permissions.map((p) => `${permissionLiteral(p)},`).join("\n")}\n]`;
}

function writeRoles(writer: ProgramWriter, model: InstanceModel): void {
  if (model.roles.length === 0) return;
  writer.comment("Roles (child roles inherit the policies of their parents).");
  for (const role of rolesInOrder(model.roles)) {
    writer.declare("Role", role.id, role.name, [
      ["adoptId", lit(role.id)],
      ["name", lit(role.name)],
      ["description", lit(role.description)],
      ["icon", lit(role.icon)],
      ["parent", writer.ref(role.parent)],
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
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (policies.length === 0) return;
  writer.comment("Access policies. An inline `permissions` list is the policy's whole set of permissions.");
  for (const policy of policies) {
    if (policy.adminAccess) writer.comment(`${policy.name}: full admin access.`);
    const inline = parts.has("permissions") && !publicIds.has(policy.id);
    writer.declare("Policy", policy.id, policy.name, [
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
          ["policy", writer.ref(policy.id)],
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
    writer.declare("PublicAccess", id, builtIn ? "public" : `${policy.name} public`, [
      ...(builtIn ? [] : ([["policy", writer.ref(id)]] as [string, string][])),
      ["permissions", permissionList(policy.permissions)],
    ]);
  }
  writer.blank();
}

function writeLinks(writer: ProgramWriter, model: InstanceModel): void {
  if (model.links.length === 0) return;
  const policyName = new Map(model.policies.map((p) => [p.id, p.name]));
  const roleName = new Map(model.roles.map((r) => [r.id, r.name]));
  const userName = new Map(model.users.map((u) => [u.id, u.email]));
  const label = (link: InstanceModel["links"][number]) =>
    `${policyName.get(link.policy) ?? "policy"} ${link.role ? (roleName.get(link.role) ?? "role") : (userName.get(link.user ?? "")?.split("@")[0] ?? "user")}`;
  const links = [...model.links].sort((a, b) => label(a).localeCompare(label(b)) || a.id.localeCompare(b.id));
  writer.comment(
    "Which roles and users get which policies. Users that are people are referred to by id, never managed.",
  );
  for (const link of links) {
    writer.declare("PolicyAttachment", link.id, label(link), [
      ["adoptId", lit(link.id)],
      ["policy", writer.ref(link.policy)],
      link.role ? ["role", writer.ref(link.role)] : ["user", writer.userRef(link.user)],
      ["sort", lit(link.sort)],
    ]);
  }
  writer.blank();
}

function writeServiceAccounts(writer: ProgramWriter, users: readonly ModelUser[]): void {
  const accounts = users.filter((u) => u.serviceAccount).sort((a, b) => a.email.localeCompare(b.email));
  if (accounts.length === 0) return;
  writer.comment("API users with a static token. Their tokens stay as they are until you set `rotation`.");
  for (const user of accounts) {
    writer.declare("ServiceAccount", user.id, user.email.split("@")[0] ?? user.id, [
      ["adoptId", lit(user.id)],
      ["email", lit(user.email)],
      ["firstName", lit(user.firstName)],
      ["lastName", lit(user.lastName)],
      ["role", writer.ref(user.role)],
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
      `{ enabled: ${lit(publicRegistration.enabled)}, verifyEmail: ${lit(publicRegistration.verifyEmail)}, role: ${writer.ref(publicRegistration.role)}, emailFilter: ${lit(publicRegistration.emailFilter)} }`,
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
  const acknowledgedKeys = new Set(writer.acknowledged);
  return {
    source: writer.source(),
    counts: writer.counts,
    acknowledged: writer.acknowledged,
    blocking: options.findings.filter((f) => f.severity === "error" && !acknowledgedKeys.has(f)),
  };
}
