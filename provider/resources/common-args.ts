import * as pulumi from "@pulumi/pulumi";

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

/** Arguments every resource takes besides its own. */
export interface CommonArgs {
  /** Exemptions from security rules, each with the reason shown in every preview (see README, Validation). */
  acknowledge?: pulumi.Input<pulumi.Input<AcknowledgementArgs>[]>;
  /** Use another Directus than the stack's `directus:url`/`directus:token`. */
  connection?: ConnectionArgs;
}

/** Resource properties for {@link CommonArgs}: the connection is wrapped as a secret. */
export function commonProps(args: CommonArgs): Record<string, unknown> {
  return { acknowledge: args.acknowledge, connection: secretConnection(args.connection) };
}

export { limitedText, reportProblem, reportProblems } from "../schemas/refinements";
