/**
 * The provider implementation, loaded inside Pulumi's dynamic-provider process by the serialized
 * shim (resources/shim.ts) as `require("pulumi-directus/runtime")`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { rememberStackConfig } from "./client/connection";
import {
  type AnyDefinition,
  type CommonInputs,
  checkInputs,
  clientFor,
  diffInputs,
  inputKeys,
  liveCheckInputs,
} from "./resources/framework";
import { permissionDefinition } from "./resources/permission";
import { policyDefinition } from "./resources/policy";
import { policyAttachmentDefinition } from "./resources/policy-attachment";
import { publicAccessDefinition } from "./resources/public-access";
import { roleDefinition } from "./resources/role";
import { securitySettingsDefinition } from "./resources/security-settings";
import { serviceAccountDefinition } from "./resources/service-account";

const definitions: Record<string, AnyDefinition> = Object.fromEntries(
  [
    roleDefinition,
    policyDefinition,
    permissionDefinition,
    policyAttachmentDefinition,
    publicAccessDefinition,
    serviceAccountDefinition,
    securitySettingsDefinition,
  ].map((definition) => [definition.kind, definition]),
);

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  rememberStackConfig((key) => req.config.get(key));
}

type Props = Record<string, unknown>;

/** Outputs keep the connection (a secret output) because refresh and delete receive only outputs. */
function withConnection(outs: object, from: Props): Props {
  return definedOnly(from.connection === undefined ? { ...outs } : { ...outs, connection: from.connection });
}

/** The engine's wire format has no `undefined`: absent keys are simply left out. */
function definedOnly(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
}

/** Names the resource in every error so a failed `pulumi up` says what it was doing to which object. */
async function describeFailure<T>(
  kind: string,
  action: string,
  id: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const wrapped = new Error(`directus:${kind}${id ? ` ${id}` : ""}: ${action}: ${message}`);
    if (error instanceof Error) wrapped.stack = `${wrapped.message}\n${error.stack ?? ""}`;
    throw wrapped;
  }
}

export function providerFor(kind: string): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  const definition = definitions[kind];
  if (!definition) throw new Error(`pulumi-directus: unknown resource kind '${kind}' (package version mismatch?)`);
  return {
    async check(_olds: Props, news: Props) {
      const outcome = checkInputs(definition, news);
      const failures =
        outcome.failures.length === 0 && outcome.complete
          ? await liveCheckInputs(definition, outcome.inputs)
          : outcome.failures;
      return { inputs: outcome.inputs as Props, failures: failures.map((f) => ({ ...f })) };
    },
    async diff(_id: string, olds: Props, news: Props) {
      return diffInputs(definition, olds, news);
    },
    async create(inputs: Props) {
      return describeFailure(kind, "create", undefined, async () => {
        const { id, outs } = await definition.create(clientFor(inputs as CommonInputs), inputs);
        return { id, outs: withConnection(outs, inputs) };
      });
    },
    async read(id: string, props: Props) {
      return describeFailure(kind, "read", id, async () => {
        const current = await definition.read(clientFor(props as CommonInputs), id, props);
        if (!current) return {};
        const inputs = definedOnly(Object.fromEntries(inputKeys(definition).map((key) => [key, current.inputs[key]])));
        if (props.connection !== undefined) inputs.connection = props.connection;
        return { id, props: withConnection(current.outs, props), inputs };
      });
    },
    async update(id: string, olds: Props, news: Props) {
      return describeFailure(kind, "update", id, async () => {
        const outs = await definition.update(clientFor(news as CommonInputs), id, olds, news);
        return { outs: withConnection(outs, news) };
      });
    },
    async delete(id: string, props: Props) {
      return describeFailure(kind, "delete", id, () => definition.delete(clientFor(props as CommonInputs), id, props));
    },
  };
}
