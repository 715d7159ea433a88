/**
 * `pulumi-directus review`: turns the output of `pulumi preview --json` into a Markdown summary for a
 * pull request, sorted by what matters to a reviewer: which changes widen access (public permissions,
 * admin or Studio access, 2FA turned off, IP restrictions lifted, weaker login settings, new policy
 * links and service accounts), which narrow it, and the security rules' findings.
 *
 * What the preview JSON holds (and what this module relies on):
 * - `steps[]`: `op` (create, update, replace, delete, ...; unchanged resources are mostly left out),
 *   `urn`, `oldState` / `newState` with `type`, `id`, `inputs` (validated and normalized by the
 *   provider's check), `outputs` and `propertyDependencies` (which resource each input came from: the
 *   only link to a resource whose id is still unknown at preview).
 * - `diagnostics[]`: `severity`, `message` (prefixed `error: ` / `warning: `), `urn` when the message
 *   belongs to a resource. The guardrails tag rule messages `[DSEC-001 public-write] ...`.
 * - `changeSummary`: resources per operation.
 * A refused preview still prints this JSON (and exits non-zero); its steps may stop short of the plan.
 */

import { readFileSync } from "node:fs";
import { z } from "zod";
import { UNKNOWN } from "../engine/framework";
import { BUILT_IN_PUBLIC_POLICY_ID } from "../model/mapping";
import { compareText } from "../model/order";
import { passwordPolicyFromDirectus } from "../model/password-policy";
import { escapeMarkdown } from "./markdown";

export interface ReviewChange {
  readonly urn: string;
  /** `Policy`, `PublicAccess`, ... for this package's resources; the full type token for others. */
  readonly kind: string;
  readonly name: string;
  readonly op: string;
  readonly details: string[];
}

export interface ReviewFinding {
  /** `error` or `warning`. */
  severity: string;
  /** `DSEC-001` when the message comes from a security rule. */
  ruleId?: string;
  /** The rule's name, e.g. `public-write`. */
  ruleName?: string;
  /** `<Kind>:<name>` of the resource the message is about, e.g. `PublicAccess:public`. */
  resource?: string;
  /** The input property the message is about, e.g. `permissions[0]`. */
  property?: string;
  message: string;
}

export interface Review {
  readonly widened: ReviewChange[];
  readonly narrowed: ReviewChange[];
  readonly other: ReviewChange[];
  readonly findings: ReviewFinding[];
  /** True when pulumi-directus refused the program: `pulumi up` would apply nothing. */
  readonly refused: boolean;
  /** `widened`, `narrowed`, `other`, then the engine's resources per operation (`create`, `same`, ...). */
  readonly counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------
// The shape of `pulumi preview --json`
// ---------------------------------------------------------------------------------------------------

const propertyMap = z.record(z.string(), z.unknown());

const stateSchema = z.object({
  urn: z.string().optional(),
  type: z.string(),
  id: z.string().optional(),
  inputs: propertyMap.optional(),
  outputs: propertyMap.optional(),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
});

const stepSchema = z.object({
  op: z.string(),
  urn: z.string(),
  oldState: stateSchema.optional(),
  newState: stateSchema.optional(),
});

const diagnosticSchema = z.object({
  urn: z.string().optional(),
  message: z.string(),
  severity: z.string(),
});

const previewSchema = z
  .object({
    steps: z.array(stepSchema).optional(),
    diagnostics: z.array(diagnosticSchema).optional(),
    changeSummary: z.record(z.string(), z.number()).optional(),
  })
  .refine((value) => value.steps !== undefined || value.diagnostics !== undefined, {
    message: "has neither 'steps' nor 'diagnostics'",
  });

type PreviewJson = z.output<typeof previewSchema>;
type PreviewStep = z.output<typeof stepSchema>;
type PreviewState = z.output<typeof stateSchema>;
type PreviewDiagnostic = z.output<typeof diagnosticSchema>;

function notAPreview(reason: string): Error {
  return new Error(
    `this is not the output of 'pulumi preview --json': ${reason}. Run 'pulumi preview --json > preview.json' in the Pulumi project and pass that file.`,
  );
}

function parsePreview(previewJson: unknown): PreviewJson {
  if (previewJson === null || typeof previewJson !== "object" || Array.isArray(previewJson)) {
    throw notAPreview(`expected a JSON object, got ${Array.isArray(previewJson) ? "an array" : typeof previewJson}`);
  }
  if ("deployment" in previewJson) throw notAPreview("it looks like 'pulumi stack export' output (a state file)");
  const parsed = previewSchema.safeParse(previewJson);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw notAPreview(`${issue?.message ?? "unexpected shape"}${where}`);
}

// ---------------------------------------------------------------------------------------------------
// Resources, their states and the references between them
// ---------------------------------------------------------------------------------------------------

const TYPE_PREFIX = "pulumi-nodejs:dynamic/directus:";
/** Steps that are not changes to review. */
const SKIPPED_OPS = new Set(["same", "read", "read-replacement", "refresh", "remove-pending-replace"]);

type Props = Readonly<Record<string, unknown>>;

interface State {
  readonly urn: string;
  readonly id: string | undefined;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

/** One resource's change: its state before (absent for a create) and after (absent for a delete). */
interface Transition {
  readonly urn: string;
  readonly type: string;
  readonly kind: string;
  readonly name: string;
  readonly op: string;
  readonly before: State | undefined;
  readonly after: State | undefined;
}

/** A reference to another resource: its id when known, and the URN the engine says it came from. */
interface Ref {
  readonly id: string | undefined;
  readonly urn: string | undefined;
}

type Side = "before" | "after";

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const type = parts[parts.length - 2] ?? "";
  return type.slice(type.lastIndexOf("$") + 1);
}

function kindOf(type: string): string {
  return type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : type;
}

/** Inputs the engine or the package adds (`__provider`, `__createKey`, `__guard`) are not the user's. */
function userProps(props: Props | undefined): Props {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([key]) => !key.startsWith("__")));
}

function toState(urn: string, state: PreviewState | undefined): State | undefined {
  if (!state) return undefined;
  const outputs = userProps(state.outputs);
  const directusId = typeof outputs.directusId === "string" ? outputs.directusId : undefined;
  return {
    urn,
    id: state.id ?? directusId,
    inputs: userProps(state.inputs),
    outputs,
    dependencies: state.propertyDependencies ?? {},
  };
}

function transitionOf(step: PreviewStep, op: string, before: PreviewState | undefined, after?: PreviewState) {
  const type = after?.type ?? before?.type ?? typeOfUrn(step.urn);
  return {
    urn: step.urn,
    type,
    kind: kindOf(type),
    name: nameOf(step.urn),
    op,
    before: toState(step.urn, before),
    after: toState(step.urn, after),
  };
}

/**
 * One transition per resource. A replacement may come as one `replace` step or as a
 * `create-replacement` plus a `delete-replaced` step: either way it is one change.
 */
function transitionsOf(steps: readonly PreviewStep[]): Transition[] {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of steps) byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  const transitions: Transition[] = [];
  for (const [, group] of byUrn) {
    const replace = group.find((s) => s.op === "replace");
    const created = group.find((s) => s.op === "create-replacement");
    const deleted = group.find((s) => s.op === "delete-replaced");
    if (replace) transitions.push(transitionOf(replace, "replace", replace.oldState, replace.newState));
    else if (created || deleted) {
      const step = created ?? deleted;
      if (step) transitions.push(transitionOf(step, "replace", deleted?.oldState, created?.newState));
    }
    for (const step of group) {
      if (["replace", "create-replacement", "delete-replaced"].includes(step.op) || SKIPPED_OPS.has(step.op)) continue;
      transitions.push(transitionOf(step, step.op, step.oldState, step.newState));
    }
  }
  return transitions.filter((t) => t.type !== "pulumi:pulumi:Stack" && !t.type.startsWith("pulumi:providers:"));
}

function refOf(state: State, key: string): Ref {
  const value = state.inputs[key];
  return {
    id: typeof value === "string" && value !== UNKNOWN ? value : undefined,
    urn: state.dependencies[key]?.[0],
  };
}

function sameTarget(a: Ref, b: Ref): boolean {
  return (a.id !== undefined && a.id === b.id) || (a.urn !== undefined && a.urn === b.urn);
}

/**
 * A policy's own reference on one side of its change: its id (an update's new state carries none: it
 * keeps the old one; a replacement gets a new one), or the id it adopts, and its URN.
 */
function policySelf(transition: Transition, side: Side): Ref {
  const state = transition[side];
  const adoptId = state?.inputs.adoptId;
  const kept = transition.op === "replace" ? undefined : (transition.before?.id ?? transition.after?.id);
  return { id: state?.id ?? kept ?? (typeof adoptId === "string" ? adoptId : undefined), urn: transition.urn };
}

/** What the whole preview tells about policies: which are public, which have admin access. */
interface Context {
  isPublic(policy: Ref, side: Side): boolean;
  isAdmin(policy: Ref, side: Side): boolean;
  label(ref: Ref, kind: string): string;
}

function contextOf(transitions: readonly Transition[]): Context {
  const statesOf = (kind: string, side: Side) =>
    transitions.filter((t) => t.kind === kind).flatMap((t) => (t[side] ? [t[side]] : []));
  const publicRefs = (side: Side) => [
    { id: BUILT_IN_PUBLIC_POLICY_ID, urn: undefined },
    ...statesOf("PublicAccess", side).map((state) => refOf(state, "policy")),
  ];
  const adminPolicies = (side: Side) =>
    transitions
      .filter((t) => t.kind === "Policy" && t[side]?.inputs.adminAccess === true)
      .map((t) => policySelf(t, side));
  return {
    isPublic: (policy, side) => publicRefs(side).some((ref) => sameTarget(ref, policy)),
    isAdmin: (policy, side) => adminPolicies(side).some((ref) => sameTarget(ref, policy)),
    label: (ref, kind) => {
      if (ref.urn) return `${kindOf(typeOfUrn(ref.urn))} '${nameOf(ref.urn)}'`;
      if (ref.id === BUILT_IN_PUBLIC_POLICY_ID) return "the built-in public policy";
      return `${kind} ${ref.id ?? "(known after apply)"}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Effects: what one change does to access
// ---------------------------------------------------------------------------------------------------

type Direction = "widened" | "narrowed" | "other";

interface Effect {
  readonly direction: Direction;
  readonly text: string;
  /** Listed first among the details (what happens to the object as a whole). */
  readonly headline?: boolean;
}

const widened = (text: string): Effect => ({ direction: "widened", text });
const narrowed = (text: string): Effect => ({ direction: "narrowed", text });
const other = (text: string): Effect => ({ direction: "other", text });

function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

function show(value: unknown): string {
  if (value === undefined) return "unset";
  if (isUnknown(value)) return "(known after apply)";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(show).join(", ");
  if (value === null) return "none";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function equal(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A value that only becomes known at apply: it may grant anything, so it counts as wider. */
function unknownChange(property: string, before: unknown, after: unknown): Effect | undefined {
  if (!isUnknown(after) || equal(before, after)) return undefined;
  return widened(`${property}: ${show(before)} → (known after apply; review it after the change)`);
}

/**
 * A boolean input: which value grants more (`widening`) decides the direction of a change. An input
 * the program stops setting (an adopted object) is left as it is in Directus: not an access change.
 */
function flagEffect(property: string, before: unknown, after: unknown, widening: boolean, note = ""): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange(property, before, after);
  if (unknown) return [unknown];
  if (after === undefined) return [other(`${property}: ${show(before)} → no longer managed (left as it is)`)];
  const text = `${property}: ${before === undefined ? "" : `${show(before)} → `}${show(after)}${note}`;
  if (after === widening) return [widened(text)];
  if (before === widening) return [narrowed(text)];
  return [other(text)];
}

/** What a created object starts with, e.g. `policy "Editors" created`. */
function createdAs(what: string, props: Props): Effect {
  return { ...other(`${what} ${JSON.stringify(show(props.name))} created`), headline: true };
}

function otherChanges(before: Props, after: Props, properties: readonly string[]): Effect[] {
  return properties
    .filter((property) => !equal(before[property], after[property]))
    .map((property) => other(`${property}: ${show(before[property])} → ${show(after[property])}`));
}

function acknowledgementChanges(before: Props, after: Props): Effect[] {
  const list = (props: Props) =>
    z
      .array(z.object({ rule: z.string(), reason: z.string() }))
      .catch([])
      .parse(props.acknowledge ?? []);
  const key = (ack: { rule: string; reason: string }) => `${ack.rule}: ${ack.reason}`;
  const old = new Set(list(before).map(key));
  const now = new Set(list(after).map(key));
  return [
    ...[...now].filter((k) => !old.has(k)).map((k) => other(`acknowledges ${k}`)),
    ...[...old].filter((k) => !now.has(k)).map((k) => other(`no longer acknowledges ${k}`)),
  ];
}

// --- permissions ---

const permissionSchema = z.object({
  collection: z.string(),
  action: z.string(),
  fields: z.array(z.string()).default(["*"]),
  filter: propertyMap.nullable().default(null),
  validation: propertyMap.nullable().default(null),
  presets: propertyMap.nullable().default(null),
});

type Permission = z.output<typeof permissionSchema>;

function permissionsOf(value: unknown): Permission[] | undefined {
  const parsed = z.array(permissionSchema).safeParse(value);
  return parsed.success && !isUnknown(parsed.data) ? parsed.data : undefined;
}

function permissionKey(p: Permission): string {
  return `${p.action} on ${p.collection}`;
}

function allFields(p: Permission): boolean {
  return p.fields.includes("*");
}

function describePermission(p: Permission): string {
  const fields = allFields(p) ? "all fields" : `fields ${p.fields.join(", ")}`;
  const items = p.filter === null ? "" : ", filtered items";
  return `${permissionKey(p)} (${fields}${items})`;
}

function fieldEffects(prefix: string, before: Permission, after: Permission): Effect[] {
  if (equal([...before.fields].sort(), [...after.fields].sort())) return [];
  const text = `${prefix}fields ${show(before.fields)} → ${show(after.fields)}`;
  if (allFields(after)) return [widened(text)];
  if (allFields(before)) return [narrowed(text)];
  const added = after.fields.some((f) => !before.fields.includes(f));
  const removed = before.fields.some((f) => !after.fields.includes(f));
  if (added) return [widened(text)];
  return removed ? [narrowed(text)] : [];
}

/** A rule object (filter, validation) limits what the permission allows: removing it widens. */
function ruleEffects(prefix: string, property: string, before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  if (after === null) return [widened(`${prefix}${property} removed (was ${show(before)})`)];
  if (before === null) return [narrowed(`${prefix}${property} added: ${show(after)}`)];
  return [other(`${prefix}${property} changed: ${show(before)} → ${show(after)}`)];
}

function changedPermission(prefix: string, before: Permission, after: Permission): Effect[] {
  const at = `${prefix}${permissionKey(after)}: `;
  return [
    ...fieldEffects(at, before, after),
    ...ruleEffects(at, "filter", before.filter, after.filter),
    ...ruleEffects(at, "validation", before.validation, after.validation),
    ...(equal(before.presets, after.presets)
      ? []
      : [other(`${at}presets ${show(before.presets)} → ${show(after.presets)}`)]),
  ];
}

/** Added, removed and changed permissions between two lists, keyed by collection and action. */
function permissionListEffects(prefix: string, before: Permission[], after: Permission[]): Effect[] {
  const old = new Map(before.map((p) => [permissionKey(p), p]));
  const now = new Map(after.map((p) => [permissionKey(p), p]));
  const effects: Effect[] = [];
  for (const [key, p] of now) {
    const was = old.get(key);
    if (!was) effects.push(widened(`${prefix}+ ${describePermission(p)}`));
    else effects.push(...changedPermission(prefix, was, p));
  }
  for (const [key, p] of old) if (!now.has(key)) effects.push(narrowed(`${prefix}- ${describePermission(p)}`));
  return effects;
}

function permissionsProperty(prefix: string, before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange(`${prefix}permissions`, before, after);
  if (unknown) return [unknown];
  const old = permissionsOf(before ?? []);
  const now = permissionsOf(after ?? []);
  if (!old || !now) return [other(`${prefix}permissions: ${show(before)} → ${show(after)}`)];
  return permissionListEffects(prefix, old, now);
}

// --- per kind ---

const EMPTY: Props = {};

interface KindInput {
  readonly before: Props;
  readonly after: Props;
  readonly transition: Transition;
  readonly context: Context;
}

function publicAccessEffects({ before, after, transition, context }: KindInput): Effect[] {
  const oldPolicy = transition.before ? refOf(transition.before, "policy") : undefined;
  const newPolicy = transition.after ? refOf(transition.after, "policy") : undefined;
  const moved = oldPolicy && newPolicy && !sameTarget(oldPolicy, newPolicy);
  const made = (ref: Ref) =>
    ref.id === BUILT_IN_PUBLIC_POLICY_ID ? [] : [widened(`makes ${context.label(ref, "Policy")} public`)];
  const unmade = (ref: Ref) =>
    ref.id === BUILT_IN_PUBLIC_POLICY_ID ? [] : [narrowed(`${context.label(ref, "Policy")} is no longer public`)];
  if (moved || !oldPolicy || !newPolicy) {
    return [
      ...(newPolicy ? made(newPolicy) : []),
      ...permissionsProperty("public: ", undefined, after.permissions),
      ...(oldPolicy ? unmade(oldPolicy) : []),
      ...permissionsProperty("public: ", before.permissions, undefined),
    ];
  }
  return permissionsProperty("public: ", before.permissions, after.permissions);
}

function ipAccessEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange("ipAccess", before, after);
  if (unknown) return [unknown];
  if (after === undefined) return [other(`ipAccess: ${show(before)} → no longer managed (left as it is)`)];
  const list = (value: unknown) =>
    z
      .array(z.string())
      .nullable()
      .catch(null)
      .parse(value ?? null);
  const old = list(before);
  const now = list(after);
  const text = `ipAccess: ${old ? old.join(", ") : "unrestricted"} → ${now ? now.join(", ") : "unrestricted"}`;
  if (now === null) return [widened(text)];
  if (old === null) return [narrowed(text)];
  if (now.some((entry) => !old.includes(entry))) return [widened(text)];
  return [narrowed(text)];
}

/** A deleted policy takes everything it granted with it. */
function deletedPolicyEffects(before: Props, prefix: string): Effect[] {
  const flags = ["adminAccess", "appAccess"].filter((flag) => before[flag] === true);
  return [
    narrowed(
      `policy ${JSON.stringify(show(before.name))} deleted${flags.length > 0 ? ` (had ${flags.join(", ")})` : ""}`,
    ),
    ...permissionsProperty(prefix, before.permissions, undefined),
  ];
}

/** A created policy: the access it grants widens, the restrictions it starts with are listed. */
function createdPolicyEffects(after: Props, prefix: string): Effect[] {
  const restrictions = [
    ...(after.enforceTfa === true ? [other("enforceTfa: true")] : []),
    ...(Array.isArray(after.ipAccess) ? [other(`ipAccess: ${show(after.ipAccess)}`)] : []),
  ];
  return [
    createdAs("policy", after),
    ...flagEffect("adminAccess", undefined, after.adminAccess === true ? true : undefined, true),
    ...flagEffect("appAccess", undefined, after.appAccess === true ? true : undefined, true),
    ...restrictions,
    ...permissionsProperty(prefix, undefined, after.permissions),
  ];
}

function policyEffects({ before, after, transition, context }: KindInput): Effect[] {
  const side: Side = transition.after ? "after" : "before";
  const prefix = context.isPublic(policySelf(transition, side), side) ? "public: " : "permissions: ";
  if (!transition.after) return deletedPolicyEffects(before, prefix);
  if (!transition.before) return createdPolicyEffects(after, prefix);
  const tfaNote = after.enforceTfa === false ? " (2FA no longer required)" : "";
  return [
    ...flagEffect("adminAccess", before.adminAccess, after.adminAccess, true),
    ...flagEffect("appAccess", before.appAccess, after.appAccess, true),
    ...flagEffect("enforceTfa", before.enforceTfa, after.enforceTfa, false, tfaNote),
    ...ipAccessEffects(before.ipAccess, after.ipAccess),
    ...(before.permissions !== undefined && after.permissions === undefined
      ? [other("permissions: no longer managed inline (the policy's permissions stay as they are)")]
      : permissionsProperty(prefix, before.permissions, after.permissions)),
    ...otherChanges(before, after, ["name", "description", "icon", "adoptId"]),
  ];
}

/** One side of a Permission resource's change. */
interface StandalonePermission {
  /** `public: ` when its policy is public, else the policy's label, e.g. `Policy 'editors': `. */
  readonly prefix: string;
  /** The permission as a one-item list (empty for the missing side of a create or delete). */
  readonly list: Permission[];
  readonly policy: Ref | undefined;
  /** False when some of its values are known only after apply. */
  readonly known: boolean;
}

function standalonePermission(state: State | undefined, context: Context, side: Side): StandalonePermission {
  if (!state) return { prefix: "", list: [], policy: undefined, known: true };
  const policy = refOf(state, "policy");
  const prefix = context.isPublic(policy, side) ? "public: " : `${context.label(policy, "Policy")}: `;
  const list = permissionsOf([state.inputs]);
  return { prefix, list: list ?? [], policy, known: list !== undefined };
}

function permissionEffects({ transition, context }: KindInput): Effect[] {
  const old = standalonePermission(transition.before, context, "before");
  const now = standalonePermission(transition.after, context, "after");
  if (!now.known) return [widened(`${now.prefix}a permission known only after apply (review it after the change)`)];
  if (old.policy && now.policy && sameTarget(old.policy, now.policy) && old.prefix === now.prefix) {
    return permissionListEffects(now.prefix, old.list, now.list);
  }
  return [...permissionListEffects(now.prefix, [], now.list), ...permissionListEffects(old.prefix, old.list, [])];
}

/** `admin Policy 'operators' to Role 'editors'`: "admin" when the policy has admin access in the preview. */
function linkText(state: State, context: Context, side: Side, preposition: string): string {
  const policy = refOf(state, "policy");
  const admin = context.isAdmin(policy, side) ? "admin " : "";
  const target =
    state.inputs.role !== undefined ? context.label(refOf(state, "role"), "Role") : `user ${show(state.inputs.user)}`;
  return `${admin}${context.label(policy, "Policy")} ${preposition} ${target}`;
}

function policyAttachmentEffects({ before, after, transition, context }: KindInput): Effect[] {
  const old = transition.before;
  const now = transition.after;
  const relinked =
    old && now && !equal([before.policy, before.role, before.user], [after.policy, after.role, after.user]);
  if (old && now && !relinked) return otherChanges(before, after, ["sort"]);
  return [
    ...(now ? [widened(`attaches ${linkText(now, context, "after", "to")}`)] : []),
    ...(old ? [narrowed(`detaches ${linkText(old, context, "before", "from")}`)] : []),
  ];
}

const STATUS_WIDENS = "active";

function serviceAccountEffects({ before, after, transition, context }: KindInput): Effect[] {
  const roleLabel = (state: State | undefined) =>
    state && typeof state.inputs.role === "string" ? context.label(refOf(state, "role"), "Role") : "none";
  if (!transition.after) return [narrowed(`service account ${show(before.email)} deleted (its token stops working)`)];
  if (!transition.before) {
    return [
      widened(`service account ${show(after.email)} created with a static token, role ${roleLabel(transition.after)}`),
    ];
  }
  const effects: Effect[] = [];
  if (!equal(before.role, after.role)) {
    const text = `role: ${roleLabel(transition.before)} → ${roleLabel(transition.after)}`;
    effects.push(after.role === null ? narrowed(text) : widened(text));
  }
  if (!equal(before.status, after.status)) {
    const text = `status: ${show(before.status)} → ${show(after.status)}`;
    effects.push(after.status === STATUS_WIDENS ? widened(text) : narrowed(text));
  }
  if (!equal(before.rotation, after.rotation)) effects.push(other("token rotated"));
  return [...effects, ...otherChanges(before, after, ["email", "firstName", "lastName"])];
}

function roleEffects({ before, after, transition, context }: KindInput): Effect[] {
  if (!transition.after) return [narrowed("role deleted: its users lose the policies attached to it")];
  const parent = (state: State | undefined) =>
    state && typeof state.inputs.parent === "string" ? context.label(refOf(state, "parent"), "Role") : "none";
  const effects: Effect[] = transition.before ? [] : [createdAs("role", after)];
  if (!equal(before.parent ?? null, after.parent ?? null)) {
    const text = `parent: ${parent(transition.before)} → ${parent(transition.after)} (a role inherits its parent's policies)`;
    effects.push((after.parent ?? null) === null ? narrowed(text) : widened(text));
  }
  return [
    ...effects,
    ...(transition.before ? otherChanges(before, after, ["name", "description", "icon", "adoptId"]) : []),
  ];
}

// --- security settings ---

const PASSWORD_STRENGTH: Record<string, number> = { none: 0, weak: 1, strong: 2 };

function passwordName(policy: unknown): string {
  if (typeof policy === "string") return policy;
  const regex = z.object({ regex: z.string() }).safeParse(policy);
  return regex.success ? `custom regex ${regex.data.regex}` : show(policy);
}

function passwordPolicyEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after) || after === undefined) return [];
  const text = `passwordPolicy: ${before === undefined ? "unset" : passwordName(before)} → ${passwordName(after)}`;
  const old = typeof before === "string" ? PASSWORD_STRENGTH[before] : undefined;
  const now = typeof after === "string" ? PASSWORD_STRENGTH[after] : undefined;
  if (now === 0) return [widened(`${text} (no password rules)`)];
  if (old === undefined || now === undefined) return [other(text)];
  return [now < old ? widened(`${text} (weaker)`) : narrowed(`${text} (stronger)`)];
}

function loginAttemptsEffects(before: unknown, after: unknown): Effect[] {
  if (equal(before, after) || after === undefined) return [];
  const shown = (value: unknown) => (value === null ? "unlimited" : show(value));
  const text = `loginAttempts: ${shown(before)} → ${shown(after)}`;
  if (after === null) return [widened(text)];
  if (typeof after !== "number" || typeof before !== "number") return [before === null ? narrowed(text) : other(text)];
  return [after > before ? widened(text) : narrowed(text)];
}

const registrationSchema = z
  .object({
    enabled: z.boolean().optional(),
    verifyEmail: z.boolean().optional(),
    role: z.string().nullable().optional(),
    emailFilter: propertyMap.nullable().optional(),
  })
  .catch({});

function registrationEffects(beforeValue: unknown, afterValue: unknown): Effect[] {
  if (afterValue === undefined || equal(beforeValue, afterValue)) return [];
  const before = registrationSchema.parse(beforeValue ?? {});
  const after = registrationSchema.parse(afterValue);
  const at = "publicRegistration.";
  const effects = flagEffect(`${at}enabled`, before.enabled, after.enabled, true);
  if (after.enabled === false) return effects;
  effects.push(...flagEffect(`${at}verifyEmail`, before.verifyEmail, after.verifyEmail, false));
  if (!equal(before.role ?? null, after.role ?? null)) {
    effects.push(widened(`${at}role: ${show(before.role ?? null)} → ${show(after.role ?? null)}`));
  }
  effects.push(...ruleEffects(at, "emailFilter", before.emailFilter ?? null, after.emailFilter ?? null));
  return effects;
}

/** Destroy puts back the values the settings had before the stack managed them (`restore`). */
function restoredSettings(state: State): Props {
  const restore = z
    .record(z.string(), z.unknown())
    .catch({})
    .parse(state.outputs.restore ?? {});
  const restored: Record<string, unknown> = {};
  if ("auth_password_policy" in restore) {
    const value = restore.auth_password_policy;
    restored.passwordPolicy = passwordPolicyFromDirectus(typeof value === "string" ? value : null);
  }
  if ("auth_login_attempts" in restore) restored.loginAttempts = restore.auth_login_attempts ?? null;
  if ("public_registration" in restore) {
    restored.publicRegistration = {
      enabled: restore.public_registration === true,
      verifyEmail: restore.public_registration_verify_email !== false,
      role: restore.public_registration_role ?? null,
      emailFilter: restore.public_registration_email_filter ?? null,
    };
  }
  if ("project_name" in restore) restored.projectName = restore.project_name;
  return restored;
}

function securitySettingsEffects({ before, after, transition }: KindInput): Effect[] {
  const released = !transition.after && transition.before;
  const target = released ? restoredSettings(released) : after;
  return [
    ...(released
      ? [{ ...other("settings released: the values from before the stack are restored"), headline: true }]
      : []),
    ...passwordPolicyEffects(before.passwordPolicy, target.passwordPolicy),
    ...loginAttemptsEffects(before.loginAttempts, target.loginAttempts),
    ...registrationEffects(before.publicRegistration, target.publicRegistration),
    ...(target.projectName === undefined ? [] : otherChanges(before, target, ["projectName"])),
    ...(released ? [] : otherChanges(before, after, ["production"])),
  ];
}

const EFFECTS_BY_KIND: Record<string, (input: KindInput) => Effect[]> = {
  PublicAccess: publicAccessEffects,
  Policy: policyEffects,
  Permission: permissionEffects,
  PolicyAttachment: policyAttachmentEffects,
  ServiceAccount: serviceAccountEffects,
  Role: roleEffects,
  SecuritySettings: securitySettingsEffects,
};

function effectsOf(transition: Transition, context: Context): Effect[] {
  const before = transition.before?.inputs ?? EMPTY;
  const after = transition.after?.inputs ?? EMPTY;
  const byKind = EFFECTS_BY_KIND[transition.kind];
  const effects = byKind
    ? [...byKind({ before, after, transition, context }), ...acknowledgementChanges(before, after)]
    : [];
  return effects.length > 0 ? effects : [other(defaultDetail(transition))];
}

function defaultDetail(transition: Transition): string {
  const verbs: Record<string, string> = { create: "created", delete: "deleted", import: "imported" };
  return verbs[transition.op] ?? `${transition.op}: no access-relevant change`;
}

// ---------------------------------------------------------------------------------------------------
// Findings from the diagnostics
// ---------------------------------------------------------------------------------------------------

const RULE_TAG = /\[(DSEC-\d{3}) ([a-z0-9-]+)\] /;
const RESOURCE_IN_MESSAGE = /pulumi-nodejs:dynamic\/directus:(\w+) resource '([^']+)': /;
const REFUSED = /pulumi-directus (refused|could not check) this program/;
/** The closing line of a refusal: the problems it counts are reported one by one. */
const REFUSAL_SUMMARY = /^pulumi-directus refused this program: \d+ problem/;

function stripSeverity(message: string): string {
  return message.replace(/^(error|warning|info|debug): /, "").trim();
}

function findingOf(diagnostic: PreviewDiagnostic): ReviewFinding | undefined {
  if (diagnostic.severity !== "error" && diagnostic.severity !== "warning") return undefined;
  let text = stripSeverity(diagnostic.message);
  if (REFUSAL_SUMMARY.test(text)) return undefined;
  let resource = diagnostic.urn ? `${kindOf(typeOfUrn(diagnostic.urn))}:${nameOf(diagnostic.urn)}` : undefined;
  const named = RESOURCE_IN_MESSAGE.exec(text);
  if (named) {
    resource = `${named[1]}:${named[2]}`;
    text = text.slice(named.index + named[0].length);
  }
  const rule = RULE_TAG.exec(text);
  const property = /^(?:property )?([\w.[\]()]+?)(?: value \{.*?\} has a problem)?: /.exec(
    rule ? text.slice(0, rule.index) : text,
  );
  const message = rule ? text.slice(rule.index + rule[0].length) : property ? text.slice(property[0].length) : text;
  return {
    severity: diagnostic.severity,
    ...(rule?.[1] ? { ruleId: rule[1] } : {}),
    ...(rule?.[2] ? { ruleName: rule[2] } : {}),
    ...(resource ? { resource } : {}),
    ...(property?.[1] ? { property: property[1] } : {}),
    message,
  };
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1 };

function compareFindings(a: ReviewFinding, b: ReviewFinding): number {
  return (
    (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2) ||
    compareText(a.ruleId ?? "\uffff", b.ruleId ?? "\uffff") ||
    compareText(a.resource ?? "", b.resource ?? "") ||
    compareText(a.property ?? "", b.property ?? "") ||
    compareText(a.message, b.message)
  );
}

/**
 * The guardrails report each problem from the program and again from the provider's check: the
 * same rule, resource and message appear once in the review.
 */
function findingsOf(diagnostics: readonly PreviewDiagnostic[]): ReviewFinding[] {
  const unique = new Map<string, ReviewFinding>();
  for (const diagnostic of diagnostics) {
    const finding = findingOf(diagnostic);
    if (!finding) continue;
    const key = [finding.severity, finding.ruleId, finding.resource, finding.message].join("\u0000");
    if (!unique.has(key)) unique.set(key, finding);
  }
  return [...unique.values()].sort(compareFindings);
}

function isRefused(diagnostics: readonly PreviewDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error" && REFUSED.test(d.message));
}

// ---------------------------------------------------------------------------------------------------
// The review
// ---------------------------------------------------------------------------------------------------

const KIND_ORDER = [
  "PublicAccess",
  "Policy",
  "Permission",
  "PolicyAttachment",
  "ServiceAccount",
  "Role",
  "SecuritySettings",
];

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

function compareChanges(a: ReviewChange, b: ReviewChange): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.urn, b.urn)
  );
}

const DIRECTION_ORDER: Record<Direction, number> = { widened: 0, narrowed: 1, other: 2 };

/** The change goes where its widest effect is; its details list every effect, the widening ones first. */
function changeOf(transition: Transition, context: Context): { direction: Direction; change: ReviewChange } {
  const effects = effectsOf(transition, context);
  const direction = effects.reduce<Direction>(
    (widest, e) => (DIRECTION_ORDER[e.direction] < DIRECTION_ORDER[widest] ? e.direction : widest),
    "other",
  );
  const rank = (e: Effect) => (e.headline ? -1 : DIRECTION_ORDER[e.direction]);
  const details = [...new Set([...effects].sort((a, b) => rank(a) - rank(b)).map((e) => e.text))];
  const { urn, kind, name, op } = transition;
  return { direction, change: { urn, kind, name, op, details } };
}

/** Rules whose findings are grants of access: in a refused preview, what the program would have widened. */
const WIDENING_RULES = new Set(["DSEC-001", "DSEC-002", "DSEC-003", "DSEC-004", "DSEC-006", "DSEC-101"]);

/**
 * What a refused program would widen, from its findings, for resources the plan does not show as
 * widened (the engine may stop before it plans them).
 */
function refusedWidenings(findings: readonly ReviewFinding[], planned: readonly ReviewChange[]): ReviewChange[] {
  const shown = new Set(planned.map((c) => `${c.kind}:${c.name}`));
  const byResource = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.severity !== "error" || !finding.resource || !WIDENING_RULES.has(finding.ruleId ?? "")) continue;
    if (shown.has(finding.resource)) continue;
    const details = byResource.get(finding.resource) ?? [];
    details.push(`refused: ${finding.property ? `${finding.property}: ` : ""}${finding.message.split(". ")[0]}`);
    byResource.set(finding.resource, details);
  }
  return [...byResource.entries()].map(([resource, details]) => {
    const [kind = "", ...name] = resource.split(":");
    return { urn: "", kind, name: name.join(":"), op: "refused", details: [...new Set(details)] };
  });
}

/** Classifies the changes of a `pulumi preview --json` output and collects the security rules' findings. */
export function reviewPreview(previewJson: unknown): Review {
  const preview = parsePreview(previewJson);
  const transitions = transitionsOf(preview.steps ?? []);
  const context = contextOf(transitions);
  const lists: Record<Direction, ReviewChange[]> = { widened: [], narrowed: [], other: [] };
  for (const transition of transitions) {
    const { direction, change } = changeOf(transition, context);
    lists[direction].push(change);
  }
  const diagnostics = preview.diagnostics ?? [];
  const findings = findingsOf(diagnostics);
  if (isRefused(diagnostics)) lists.widened.push(...refusedWidenings(findings, lists.widened));
  for (const list of Object.values(lists)) list.sort(compareChanges);
  return {
    ...lists,
    findings,
    refused: isRefused(diagnostics),
    counts: {
      widened: lists.widened.length,
      narrowed: lists.narrowed.length,
      other: lists.other.length,
      ...preview.changeSummary,
    },
  };
}

/**
 * Reads a file written by `pulumi preview --json > file`. Text before the JSON object (a line some
 * tools print on stdout) is skipped.
 */
export function readPreviewFile(file: string): unknown {
  return previewJson(readFileSync(file, "utf8"), file);
}

/** The preview JSON in `text` (from `source`, for messages); text printed before the JSON is skipped. */
export function previewJson(text: string, source: string): unknown {
  if (text.trim() === "") {
    throw new Error(
      `${source} is empty: 'pulumi preview --json' printed no plan (it failed before planning; its error output says why).`,
    );
  }
  const start = text.search(/^\{/m);
  try {
    return JSON.parse(start > 0 ? text.slice(start) : text);
  } catch (error) {
    throw new Error(
      `${source} is not JSON (${error instanceof Error ? error.message : String(error)}): pass the output of 'pulumi preview --json'.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------------

/** A code span that holds any text, backticks included. */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function verdictOf(review: Review): string {
  if (review.refused) {
    return "**Refused.** pulumi-directus refused this program: `pulumi up` applies nothing until the errors below are fixed (or acknowledged, where the rule allows it). The plan below may stop short of the whole change.";
  }
  if (review.widened.length > 0) {
    return `**Widens access.** ${review.widened.length} change(s) grant more access: review them before merging.`;
  }
  if (review.narrowed.length > 0) return "**Narrows access only.** Nothing in this change grants more access.";
  return "**No access change.**";
}

const OPERATION_COLUMNS = ["create", "update", "replace", "delete", "same"];

function countsTable(review: Review): string[] {
  const ops = [
    ...OPERATION_COLUMNS,
    ...Object.keys(review.counts)
      .filter((key) => ![...OPERATION_COLUMNS, "widened", "narrowed", "other"].includes(key))
      .sort(),
  ];
  const columns = ["widened", "narrowed", "other", ...ops];
  const title = (key: string) => (key === "same" ? "Unchanged" : `${key.charAt(0).toUpperCase()}${key.slice(1)}`);
  return [
    `| ${columns.map(title).join(" | ")} |`,
    `| ${columns.map(() => "---:").join(" | ")} |`,
    `| ${columns.map((key) => String(review.counts[key] ?? 0)).join(" | ")} |`,
  ];
}

function changeLines(change: ReviewChange): string[] {
  return [
    `- **${escapeMarkdown(change.kind)}** ${code(change.name)} (${escapeMarkdown(change.op)})`,
    ...change.details.map((detail) => `  - ${escapeMarkdown(detail)}`),
  ];
}

function section(title: string, intro: string | undefined, changes: readonly ReviewChange[]): string[] {
  if (changes.length === 0) return [];
  return ["", `### ${title}`, "", ...(intro ? [intro, ""] : []), ...changes.flatMap(changeLines)];
}

function findingLine(finding: ReviewFinding): string {
  const rule = finding.ruleId ? `${code(`${finding.ruleId} ${finding.ruleName ?? ""}`.trim())} ` : "";
  const where = [
    finding.resource ? code(finding.resource) : undefined,
    finding.property ? code(finding.property) : undefined,
  ].filter((part) => part !== undefined);
  const location = where.length > 0 ? ` ${where.join(" ")}:` : "";
  return `- **${escapeMarkdown(finding.severity)}** ${rule}—${location} ${escapeMarkdown(finding.message)}`;
}

/** The review as Markdown for a pull-request comment. */
export function formatReview(review: Review): string {
  const lines = [
    "## pulumi-directus review",
    "",
    verdictOf(review),
    "",
    ...countsTable(review),
    ...section(
      "Access widened",
      "> [!WARNING]\n> **These changes grant more access. Check each one before merging.**",
      review.widened,
    ),
    ...section("Access narrowed", undefined, review.narrowed),
    ...section("Other changes", undefined, review.other),
    ...(review.findings.length > 0 ? ["", "### Rule findings", "", ...review.findings.map(findingLine)] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** `pulumi-directus review --preview <file>`: the Markdown review of a saved `pulumi preview --json`. */
export function reviewPreviewFile(file: string): string {
  return formatReview(reviewPreview(readPreviewFile(file)));
}
