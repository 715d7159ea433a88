import * as pulumi from "@pulumi/pulumi";
import { reportFindings } from "../rules/report";
import { type CommonArgs, commonProps, withSecretOutputs } from "./common-args";
import type { AnyDefinition } from "./framework";
import { dynamicProvider } from "./shim";

/**
 * What every resource class shares: the serialized provider shim, the `pulumi-nodejs:dynamic/directus:<Kind>`
 * type token, the secret connection, and the security warnings printed by the program.
 */
export abstract class DirectusResource extends pulumi.dynamic.Resource {
  /** @internal Left out of the published types: definitions carry zod schemas and the client. */
  protected constructor(
    definition: AnyDefinition,
    name: string,
    args: CommonArgs,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
    secretOutputs: string[] = [],
  ) {
    super(
      dynamicProvider(definition.kind),
      name,
      { ...props, ...commonProps(args) },
      withSecretOutputs(opts, secretOutputs),
      "directus",
      definition.kind,
    );
    reportFindings(this, definition, args);
  }
}
