import type * as pulumi from "@pulumi/pulumi";

type Runtime = typeof import("../engine/runtime");

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object Pulumi serializes into every resource's state (`__provider`). It is kept tiny
 * on purpose: it captures only the resource kind and loads the implementation from the installed
 * `pulumi-directus` package at call time, so no credentials, schemas or client code end up in state.
 * One object per kind: Pulumi caches the serialized text per provider object, so the program
 * serializes each kind once instead of once per resource.
 */
export function dynamicProvider(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) {
    provider = providerOf(kind);
    providers.set(kind, provider);
  }
  return provider;
}

function providerOf(kind: string): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => (require("pulumi-directus/runtime") as Runtime).configure(req),
    check: (olds, news) => (require("pulumi-directus/runtime") as Runtime).providerFor(kind).check(olds, news),
    diff: (id, olds, news) => (require("pulumi-directus/runtime") as Runtime).providerFor(kind).diff(id, olds, news),
    create: (inputs) => (require("pulumi-directus/runtime") as Runtime).providerFor(kind).create(inputs),
    read: (id, props) => (require("pulumi-directus/runtime") as Runtime).providerFor(kind).read(id, props),
    update: (id, olds, news) =>
      (require("pulumi-directus/runtime") as Runtime).providerFor(kind).update(id, olds, news),
    delete: (id, props) => (require("pulumi-directus/runtime") as Runtime).providerFor(kind).delete(id, props),
  };
}
