import * as pulumi from "@pulumi/pulumi";
import { declare } from "../plan/program";
import { type CommonArgs, commonProps, withSecretOutputs } from "./common-args";
import { createKeyOf } from "./creation-id";
import { type AnyDefinition, CREATE_KEY } from "./framework";
import { dynamicProvider } from "./shim";

/**
 * What every resource class shares: the serialized provider shim, the `pulumi-nodejs:dynamic/directus:<Kind>`
 * type token, the secret connection, and the whole-program guardrail (provider/plan/program.ts): the
 * `__guard` input holds the resource back from the engine until the whole program has been judged.
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
    // Keys the class does not know (a typo such as `appAcess` from JavaScript or an `any`) go to the
    // program's check too, whose strict schema names them, instead of being dropped silently.
    const unknownKeys = Object.fromEntries(
      Object.entries(args).filter(([key]) => !(key in props) && key !== "acknowledge" && key !== "connection"),
    );
    const plan = declare(
      definition,
      name,
      { ...props, ...unknownKeys, acknowledge: args.acknowledge },
      args.connection,
    );
    super(
      dynamicProvider(definition.kind),
      name,
      {
        ...props,
        ...commonProps(args),
        __guard: plan.guard,
        [CREATE_KEY]: createKeyOf(pulumi.getProject(), pulumi.getStack(), definition.kind, name),
      },
      withSecretOutputs(opts, secretOutputs),
      "directus",
      definition.kind,
    );
    plan.attach(this);
  }
}
