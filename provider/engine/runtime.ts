/**
 * The provider implementation, loaded inside Pulumi's dynamic-provider process by the serialized
 * shim (resources/shim.ts) as `require("pulumi-directus/runtime")`.
 */

import { randomUUID } from "node:crypto";
import { type ConnectionOverride, connectionSettingsOf } from "../client/connection";
import { canonicalJson } from "../model/canonical";
import { creationId } from "../model/creation-id";
import { definedFields, isEngineKey } from "../model/fields";
import type { Found } from "../model/found";
import { capabilityFacts } from "../model/instance";
import { limitsFrom } from "../rules/limits";
import type { Acknowledgement, InstanceFacts } from "../rules/types";
import { foundOnInstance } from "./found-on-instance";
import {
  type AnyDefinition,
  type CommonInputs,
  CREATE_KEY,
  checkAsFound,
  checkInputs,
  clientFor,
  type DiffResult,
  diffInputs,
  inputKeys,
  MANAGED_BY,
  REPORTED_IN_PREVIEW,
  stackOf,
} from "./framework";
import { definitionOf } from "./registry";
import { acknowledgementFailures, needsCapabilities, staticFailures } from "./static-check";

/** The stack's `directus:*` settings, as the engine passed them to configure (once per provider process). */
let stackConfig: (key: string) => string | undefined = () => undefined;
let stackConnection: ConnectionOverride = {};

/** What the engine passes to configure (the shape of Pulumi's `dynamic.ConfigureRequest`). */
export interface ConfigureRequest {
  readonly config: { get(key: string): string | undefined };
}

export async function configure(req: ConfigureRequest): Promise<void> {
  stackConfig = (key) => req.config.get(key);
  stackConnection = connectionSettingsOf(stackConfig);
}

function clientOf(props: Props, note?: string) {
  return clientFor(props as CommonInputs, stackConnection, note);
}

const capabilitiesByConnection = new Map<string, Promise<InstanceFacts>>();

/**
 * What DSEC-009 needs (version and licence tier), read once per connection in this provider process
 * (it lives for one engine operation), and only for resources that carry custom permission rules.
 */
function tierFacts(inputs: Props): Promise<InstanceFacts> {
  const client = clientOf(inputs);
  const key = `${client.connection.url} ${client.connection.token}`;
  let facts = capabilitiesByConnection.get(key);
  if (!facts) {
    facts = client.capabilities().then(capabilityFacts);
    facts.catch(() => capabilitiesByConnection.delete(key));
    capabilitiesByConnection.set(key, facts);
  }
  return facts;
}

/**
 * Security rule errors that are not acknowledged, as check failures, on this one resource: the static
 * check, with the server's version and licence when a rule needs them (the server would refuse such
 * rows half-way through an update). The whole-program check in the program (provider/plan) has
 * already judged every rule against the planned end state before the engine got the resource; this
 * is the second line.
 */
async function securityFailures(definition: AnyDefinition, inputs: Props, keptAsFound: ReadonlySet<string>) {
  if (!definition.toSubject) return [];
  const acknowledge = (inputs.acknowledge ?? []) as Acknowledgement[];
  const subject = definition.toSubject(inputs);
  let capabilities: InstanceFacts | undefined;
  if (needsCapabilities(subject)) {
    try {
      capabilities = await tierFacts(inputs);
    } catch (error) {
      return [
        ...acknowledgementFailures(acknowledge),
        { property: "connection", reason: error instanceof Error ? error.message : String(error) },
      ];
    }
  }
  return staticFailures(subject, acknowledge, { limits: limitsFrom(stackConfig), keptAsFound, capabilities });
}

type Props = Record<string, unknown>;

/** The recorded inputs of a resource the stack already manages, if any: the object as found. */
function recorded(olds: Props): Found | undefined {
  return Object.keys(olds).some((key) => !isEngineKey(key)) ? withoutProviderKey(olds) : undefined;
}

/** The state as the engine passes it, without the serialized provider it adds to every call. */
function withoutProviderKey(props: Props): Props {
  const { __provider: _provider, ...rest } = props;
  return rest;
}

/**
 * Outputs keep the connection (a secret output) because refresh and delete receive only outputs, and
 * the acknowledgements, which live only in the program: the engine diffs new inputs against these
 * outputs, so a key missing here would show as a change on every `up`.
 */
function withProgramOnlyKeys(outs: object, from: Props, id: string): Props {
  // directusId: the program's whole-program check finds existing objects by it in the previous state;
  // managedBy: the stack a later delete names in its requests (deletes receive only outputs);
  // the create key: a refresh gives it back as an input (see read), since reads receive only outputs.
  return definedFields({
    ...outs,
    acknowledge: from.acknowledge,
    connection: from.connection,
    directusId: id,
    [MANAGED_BY]: stackOf(from),
    [CREATE_KEY]: from[CREATE_KEY],
  });
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

/** The creation id of this resource's object; random for programs that send no create key. */
function newIdFor(definition: AnyDefinition, inputs: Props): string {
  const createKey = inputs[CREATE_KEY];
  if (typeof createKey !== "string") return randomUUID();
  const identity = Object.fromEntries(definition.replaceOnChange.map((key: string) => [key, inputs[key]]));
  return creationId(createKey, identity);
}

/**
 * The provider of one kind, in the shape of Pulumi's `dynamic.ResourceProvider` (the shim in
 * resources/shim.ts hands it to the engine; the compiler checks there that the shapes agree).
 */
export interface KindProvider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

export function providerFor(kind: string): KindProvider {
  const definition = definitionOf(kind);
  if (!definition) throw new Error(`pulumi-directus: unknown resource kind '${kind}' (package version mismatch?)`);
  return {
    async check(olds: Props, news: Props) {
      if (news.__guard === REPORTED_IN_PREVIEW) {
        // A refused preview (it writes nothing): the program has printed every problem of this resource.
        return { inputs: checkInputs(definition, news).inputs as Props, failures: [] };
      }
      const outcome = await checkAsFound(definition, news, recorded(olds), () =>
        foundOnInstance(clientOf(news), definition.kind, news),
      );
      const failures =
        outcome.failures.length === 0 && outcome.complete
          ? await securityFailures(definition, outcome.validated, outcome.keptAsFound)
          : outcome.failures;
      const inputs =
        typeof news[CREATE_KEY] === "string" ? { ...outcome.inputs, [CREATE_KEY]: news[CREATE_KEY] } : outcome.inputs;
      return { inputs: inputs as Props, failures: failures.map((f) => ({ ...f })) };
    },
    async diff(_id: string, olds: Props, news: Props) {
      return diffInputs(definition, olds, news);
    },
    async create(inputs: Props) {
      return describeFailure(kind, "create", undefined, async () => {
        const { id, outs } = await definition.create(clientOf(inputs), inputs, newIdFor(definition, inputs));
        return { id, outs: withProgramOnlyKeys(outs, inputs, id) };
      });
    },
    async read(id: string, props: Props) {
      return describeFailure(kind, "read", id, async () => {
        const current = await definition.read(clientOf(props), id, props);
        if (!current) return {};
        const inputs = definedFields(
          Object.fromEntries(inputKeys(definition).map((key) => [key, current.inputs[key]])),
        );
        // Exemptions live only in the program, never on the server: keep them as they were.
        if (props.acknowledge !== undefined) inputs.acknowledge = props.acknowledge;
        if (props.connection !== undefined) inputs.connection = props.connection;
        // The inputs a refresh records must equal the ones the program sends: the engine rewrites the
        // whole state file for every resource whose recorded inputs differ, even when nothing changes.
        if (props[CREATE_KEY] !== undefined) inputs[CREATE_KEY] = props[CREATE_KEY];
        const outs =
          props.acknowledge === undefined ? current.outs : { ...current.outs, acknowledge: props.acknowledge };
        const refreshed = withProgramOnlyKeys(outs, props, id);
        // Nothing changed on the server: no inputs, so the engine keeps the ones it recorded (a no-op
        // refresh then moves no more data than the engine's own bookkeeping needs).
        if (canonicalJson(refreshed) === canonicalJson(withoutProviderKey(props))) return { id, props: refreshed };
        return { id, props: refreshed, inputs };
      });
    },
    async update(id: string, olds: Props, news: Props) {
      return describeFailure(kind, "update", id, async () => {
        const outs = await definition.update(clientOf(news), id, olds, news);
        return { outs: withProgramOnlyKeys(outs, news, id) };
      });
    },
    async delete(id: string, props: Props) {
      return describeFailure(kind, "delete", id, () => definition.delete(clientOf(props, "release"), id, props));
    },
  };
}
