import type { z } from "zod";
import { type ConnectionOverride, resolveConnection } from "../client/connection";
import { DirectusClient } from "../client/directus-client";
import { canonicalJson } from "../model/canonical";
import type { CheckFailure } from "../model/failures";
import { withoutEngineKeys } from "../model/fields";
import { type Found, isKeptAsFound, keptAsFound } from "../model/found";
import type { Kind } from "../model/kinds";
import type { Subject } from "../rules/types";
import type { SchemaMode } from "../schemas/permission";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys every resource accepts besides its own. */
export interface CommonInputs {
  readonly connection?: ConnectionOverride | undefined;
  readonly acknowledge?: readonly { rule: string; reason: string }[] | undefined;
}

/**
 * What one kind of resource must provide. Desired state is a plain validated object (`I`), so the
 * security rules can inspect it and create can be told to adopt an existing object.
 */
export interface ResourceDefinition<I extends CommonInputs, O extends object> {
  /** Type name, e.g. "Role": the token is `pulumi-nodejs:dynamic/directus:Role`. */
  readonly kind: Kind;
  /**
   * zod schema of the inputs; use {@link schemaOf}, which builds it once per process. `stored` accepts
   * every value Directus stores (for values an adopted object keeps as found), `strict` what a program
   * may write.
   */
  schema(mode?: SchemaMode): z.ZodType<I, unknown>;
  /** Input keys whose change needs a new object instead of an update. */
  readonly replaceOnChange: readonly (keyof I & string)[];
  /** Extra checks on valid inputs that zod cannot express; each failure names a property. */
  semanticCheck?(inputs: I): CheckFailure[];
  /** Canonical order for state (e.g. permissions sorted); checks and rules see the order the user wrote. */
  normalize?(inputs: I): I;
  /** The plain object the security rules inspect (see provider/rules). */
  toSubject?(inputs: I): Subject;
  /**
   * Creates (or, when `newId` already exists because an earlier attempt's answer was lost, takes over)
   * the object. `newId` is the resource's creation id (creation-id.ts), for objects with UUID keys.
   */
  create(client: DirectusClient, inputs: I, newId: string): Promise<{ id: string; outs: O }>;
  /** Current state, or undefined when the object is gone. `inputs` are what the program would need to write to get it. */
  read(client: DirectusClient, id: string, state: O): Promise<{ outs: O; inputs: I } | undefined>;
  update(client: DirectusClient, id: string, olds: O, news: I): Promise<O>;
  delete(client: DirectusClient, id: string, state: O): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of heterogeneous definitions; each is typed where defined.
export type AnyDefinition = ResourceDefinition<any, any>;

/**
 * The `__guard` value of the resources of a preview the judgement refused: it has reported every
 * problem, so the provider's own check does not report them a second time.
 */
export const REPORTED_IN_PREVIEW = "refused-and-reported";

/** The program passes `<project>/<stack>/<Kind>:<name>` under this key (see creation-id.ts). */
export const CREATE_KEY = "__createKey";

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function prefixIsUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  for (let i = 0; i <= path.length; i++) {
    if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
  }
  return false;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc === "" ? String(key) : `${acc}.${String(key)}`;
  }, "");
}

export type { CheckFailure };

export type CheckOutcome<I> =
  | {
      readonly complete: true;
      readonly inputs: I;
      readonly validated: I;
      readonly failures: CheckFailure[];
      /** Targets whose values equal the object as found (only computed when `found` was given). */
      readonly keptAsFound: ReadonlySet<string>;
      /** Values a program could not write, passed because the object already holds them. */
      readonly asFound: CheckFailure[];
    }
  | {
      readonly complete: false;
      readonly inputs: I | Record<string, unknown>;
      /** The validated inputs when only unknown values (preview) keep them from being complete. */
      readonly validated?: I;
      readonly failures: CheckFailure[];
      /** The strict checks failed but every value is one Directus stores: the object as found may pass. */
      readonly mayPassAsFound?: boolean;
    };

const schemas = new Map<SchemaMode, WeakMap<AnyDefinition, z.ZodType<unknown, unknown>>>();
const managedKeys = new WeakMap<AnyDefinition, string[]>();

/**
 * The definition's input schema, built on first use and reused: building one costs more than parsing
 * with it (zod compiles each object schema on its first parse), and the engine calls check, diff and
 * read once per resource.
 */
export function schemaOf<I extends CommonInputs>(
  definition: ResourceDefinition<I, object>,
  mode: SchemaMode = "strict",
): z.ZodType<I, unknown> {
  const cache = schemas.get(mode) ?? new WeakMap<AnyDefinition, z.ZodType<unknown, unknown>>();
  schemas.set(mode, cache);
  let schema = cache.get(definition);
  if (!schema) {
    schema = definition.schema(mode);
    cache.set(definition, schema);
  }
  return schema as z.ZodType<I, unknown>;
}

const NOTHING_KEPT: ReadonlySet<string> = new Set();

/**
 * Validates raw inputs; values still unknown at preview are accepted as they are. With `found` (the
 * object the resource manages or takes over, see found.ts), values it already holds pass even where
 * the strict checks refuse them; they are reported in `asFound`.
 */
export function checkInputs<I extends CommonInputs>(
  definition: ResourceDefinition<I, object>,
  news: unknown,
  found?: Found,
): CheckOutcome<I> {
  const raw = withoutEngineKeys((news ?? {}) as Record<string, unknown>);
  const parsed = schemaOf(definition).safeParse(raw);
  let data: I;
  let kept = NOTHING_KEPT;
  let asFound: CheckFailure[] = [];
  if (parsed.success) {
    data = parsed.data;
    if (found) kept = keptAsFound(definition.kind, data, found);
  } else {
    const failures = parsed.error.issues
      .filter((issue) => !prefixIsUnknown(raw, issue.path))
      .map((issue) => ({ property: formatPath(issue.path) || "(inputs)", reason: issue.message }));
    const stored = schemaOf(definition, "stored").safeParse(raw);
    if (!stored.success || failures.length === 0) return { complete: false, inputs: raw, failures };
    if (!found) return { complete: false, inputs: raw, failures, mayPassAsFound: true };
    kept = keptAsFound(definition.kind, stored.data, found);
    const refused = failures.filter((f) => !isKeptAsFound(definition.kind, stored.data, f.property, kept));
    if (refused.length > 0) return { complete: false, inputs: raw, failures: refused };
    data = stored.data;
    asFound = failures;
  }
  if (containsUnknown(data)) return { complete: false, inputs: data, validated: data, failures: [] };
  return {
    complete: true,
    inputs: definition.normalize ? definition.normalize(data) : data,
    validated: data,
    failures: definition.semanticCheck?.(data) ?? [],
    keptAsFound: kept,
    asFound,
  };
}

/**
 * The input check with values kept as found: against the object as the stack recorded it, else (only
 * when a value needs it, and only for a resource the stack does not manage yet) as `readLive` finds it
 * on the instance. A failed read leaves the strict failures standing.
 */
export async function checkAsFound<I extends CommonInputs>(
  definition: ResourceDefinition<I, object>,
  news: unknown,
  recorded: Found | undefined,
  readLive: () => Promise<Found | undefined>,
): Promise<CheckOutcome<I>> {
  const outcome = checkInputs(definition, news, recorded);
  if (outcome.complete || !outcome.mayPassAsFound || recorded) return outcome;
  const found = await readLive().catch(() => undefined);
  return found ? checkInputs(definition, news, found) : outcome;
}

/** The answer to the engine's diff (the shape of Pulumi's `dynamic.DiffResult`). */
export interface DiffResult {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/** Which input keys differ (object key order never matters) and which of them force a replacement. */
export function diffInputs(
  definition: AnyDefinition,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffResult {
  // Recorded inputs are put in today's canonical order too, so a change of that order is never a diff.
  const before = definition.normalize && olds.permissions !== undefined ? definition.normalize(olds) : olds;
  const changed = inputKeys(definition).filter(
    (key) => news[key] === UNKNOWN || canonicalJson(news[key]) !== canonicalJson(before[key]),
  );
  const replaces = changed.filter((key) => definition.replaceOnChange.includes(key));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** The managed input keys of a definition (the connection is not managed state). */
export function inputKeys(definition: AnyDefinition): string[] {
  let keys = managedKeys.get(definition);
  if (!keys) {
    // An object schema, or one piped through a transform (e.g. defaults that apply only to new objects).
    const schema = schemaOf(definition) as unknown as { shape?: Record<string, unknown>; in?: { shape?: object } };
    keys = Object.keys(schema.shape ?? schema.in?.shape ?? {}).filter((key) => key !== "connection");
    managedKeys.set(definition, keys);
  }
  return keys;
}

/**
 * The client for one call: resource-level connection first, then the stack's settings, then environment.
 * Its requests name the stack (see stackAgent), and `note` (e.g. `release` for deletes).
 */
export function clientFor(
  props: CommonInputs | undefined,
  stackSettings: ConnectionOverride = {},
  note?: string,
): DirectusClient {
  return new DirectusClient(resolveConnection(props?.connection, stackSettings), stackOf(props), note);
}

/** Outputs key naming the stack (`<project>/<stack>`) that manages the object. */
export const MANAGED_BY = "managedBy";

/** `<project>/<stack>`: from the create key the program sends (`<project>/<stack>/<Kind>:<name>`), or from the outputs. */
export function stackOf(props: object | undefined): string | undefined {
  const record = props as Record<string, unknown> | undefined;
  const key = record?.[CREATE_KEY];
  if (typeof key === "string") {
    const [project, stack] = key.split("/");
    if (project && stack) return `${project}/${stack}`;
  }
  const managedBy = record?.[MANAGED_BY];
  return typeof managedBy === "string" ? managedBy : undefined;
}
