import * as pulumi from "@pulumi/pulumi";
import { CREATE_KEY } from "../engine/framework";
import { createKeyOf } from "../model/creation-id";
import { boundDepth } from "../model/depth";
import { COMMON_INPUT_KEYS } from "../model/fields";
import type { Kind } from "../model/kinds";
import { declare } from "../plan/program";
import { type CommonArgs, commonProps, withSecretOutputs } from "./common-args";
import { dynamicProvider } from "./shim";

function isCommonKey(key: string): boolean {
  return (COMMON_INPUT_KEYS as readonly string[]).includes(key);
}

/**
 * What every resource class shares: the serialized provider shim, the `pulumi-nodejs:dynamic/directus:<Kind>`
 * type token, the secret connection, and the whole-program guardrail (provider/plan/program.ts): the
 * `__guard` input holds the resource back from the engine until the whole program has been judged.
 */
export abstract class DirectusResource extends pulumi.dynamic.Resource {
  /** @internal Left out of the published types: definitions carry zod schemas and the client. */
  protected constructor(
    kind: Kind,
    name: string,
    args: CommonArgs,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
    secretOutputs: string[] = [],
  ) {
    // Keys the class does not know (a typo such as `appAcess` from JavaScript or an `any`) go to the
    // program's check too, whose strict schema names them, instead of being dropped silently.
    const unknownKeys = Object.fromEntries(
      Object.entries(args).filter(([key]) => !(key in props) && !isCommonKey(key)),
    );
    // Nothing below (the judgement, the engine's serialization) may meet an argument nested deeper
    // than any Directus value can be: such a part is cut off here and refused with its path.
    const bounded = boundDepth({ ...props, ...unknownKeys, acknowledge: args.acknowledge });
    const declared = bounded.value as Record<string, unknown>;
    const plan = declare(kind, name, declared, args.connection, bounded.tooDeep);
    const { acknowledge: _acknowledge, ...boundedProps } = declared;
    super(
      dynamicProvider(kind),
      name,
      {
        ...Object.fromEntries(Object.keys(props).map((key) => [key, boundedProps[key]])),
        ...commonProps(args),
        __guard: plan.guard,
        [CREATE_KEY]: createKeyOf(pulumi.getProject(), pulumi.getStack(), kind, name),
      },
      withSecretOutputs(opts, secretOutputs),
      "directus",
      kind,
    );
    plan.attach(this);
  }
}
