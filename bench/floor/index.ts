// The engine's floor: the benchmark's resources with the same names and inputs, through a dynamic
// provider that does nothing (check returns its inputs, diff sees no change, create returns an id).
// What `pulumi up`/`preview`/`refresh` cost here is what the engine costs; the rest is the provider's.
import * as pulumi from "@pulumi/pulumi";
import { generatedPolicies } from "../program/generated";

const nothing: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs) {
    return { id: String(inputs.name), outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Policy extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(nothing, name, props, {}, "floor", "Policy");
  }
}

const config = new pulumi.Config();
const policies = generatedPolicies(
  config.requireNumber("policies"),
  config.requireNumber("permissions"),
  config.getBoolean("changed") ?? false,
);

export const policyIds = policies.map(
  (spec) =>
    new Policy(spec.key, {
      name: spec.name,
      description: null,
      icon: "badge",
      adminAccess: false,
      appAccess: false,
      enforceTfa: false,
      ipAccess: null,
      permissions: spec.permissions.map((p) => ({ ...p, filter: null, validation: null, presets: null })),
    }).id,
);
