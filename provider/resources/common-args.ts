import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { canonicalJson } from "./canonical";

/**
 * Talk to a different Directus than the stack's `directus:url` / `directus:token`, e.g. staging and
 * production from one program. The token is always stored as a secret.
 */
export interface ConnectionArgs {
  /** Base URL of the Directus instance, e.g. https://cms.example.com. */
  url: pulumi.Input<string>;
  /** Static token of an administrator. Pass it from secret config: `config.requireSecret("stagingToken")`. */
  token: pulumi.Input<string>;
}

export function connectionSchema() {
  return z
    .object({
      url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://cms.example.com" }),
      token: z.string().min(1, "must not be empty"),
    })
    .strict()
    .optional();
}

/** Wraps the resource-level connection so its token can never reach state in plaintext. */
export function secretConnection(connection: ConnectionArgs | undefined): pulumi.Input<ConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection);
}

/** Resource options every resource gets: the connection output is secret too. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  extra: string[] = [],
): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "connection", ...extra] };
}

/** A Directus primary key of a role, policy or user (UUID). */
export function uuidSchema(what: string) {
  return z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be the UUID of ${what}`);
}

/** An explicit, reviewable exemption from one security rule. */
export interface AcknowledgementArgs {
  /** Rule id (e.g. `DSEC-001`) or name (e.g. `public-write`). */
  rule: string;
  /** Why this is acceptable here; shown in every preview. */
  reason: string;
  /**
   * The findings it covers: `<collection>:<action>` of a permission (e.g. `contact_form:create`), or a
   * property such as `adminAccess`; preview names each finding's target. Without it (deprecated), it
   * covers every finding of the rule on the resource, including ones a later change adds.
   */
  covers?: pulumi.Input<pulumi.Input<string>[]>;
}

export function acknowledgeSchema() {
  return z
    .array(
      z
        .object({
          rule: z.string().min(1, "name a rule id such as DSEC-001"),
          reason: z.string().trim().min(10, "explain in a sentence why this exemption is acceptable"),
          covers: z
            .array(z.string().min(1, "name a target such as posts:create or adminAccess"))
            .min(1, 'name what it covers, e.g. ["posts:create"], or leave covers out')
            .optional(),
        })
        .strict(),
    )
    .optional();
}

/** Arguments every resource takes besides its own. */
export interface CommonArgs {
  /** Exemptions from security rules, each with the reason shown in every preview (see README, Validation). */
  acknowledge?: pulumi.Input<pulumi.Input<AcknowledgementArgs>[]>;
  /** Use another Directus than the stack's `directus:url`/`directus:token`. */
  connection?: ConnectionArgs;
}

/** Schema entries for {@link CommonArgs}; spread into each resource's object schema. */
export function commonInputShape() {
  return { acknowledge: acknowledgeSchema(), connection: connectionSchema() };
}

/** Resource properties for {@link CommonArgs}: the connection is wrapped as a secret. */
export function commonProps(args: CommonArgs): Record<string, unknown> {
  return { acknowledge: args.acknowledge, connection: secretConnection(args.connection) };
}

/** The state of a resource: its inputs without the connection (which is kept separately as a secret output). */
export function withoutConnection<T extends { connection?: unknown }>(inputs: T): Omit<T, "connection"> {
  const { connection: _connection, ...state } = inputs;
  return state;
}

/**
 * Defaults that apply to objects the resource creates. An adopted object keeps what the program does
 * not mention: those fields stay out of the inputs, so they are neither written nor compared.
 */
export function defaultsUnlessAdopted<D extends object>(defaults: D) {
  return <T extends { adoptId?: unknown }>(value: T): T => {
    if (value.adoptId !== undefined) return value;
    const filled: Record<string, unknown> = { ...value };
    for (const [key, fallback] of Object.entries(defaults)) if (filled[key] === undefined) filled[key] = fallback;
    return filled as T;
  };
}

/** The body of a write: fields the program left out are not sent. */
export function definedFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * The fields of `after` whose value differs from `before` (object key order never matters): what an
 * update needs to send. Fields the program stops managing (absent in `after`) are not sent.
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => canonicalJson(value) !== canonicalJson(before[key])),
  );
}

/** `deleteOnDestroy`: whether destroy also deletes an adopted object (by default it is left in place). */
export function deleteOnDestroySchema() {
  return z.boolean().optional();
}

export { limitedText, reportProblem, reportProblems } from "./refinements";
