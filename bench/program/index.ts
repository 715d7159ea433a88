// Generated configuration for the benchmark: N policies x M permissions, all managed inline.
import * as pulumi from "@pulumi/pulumi";
import { Policy } from "pulumi-directus";
import { generatedPolicies } from "./generated";

const config = new pulumi.Config();
const policies = generatedPolicies(
  config.requireNumber("policies"),
  config.requireNumber("permissions"),
  config.getBoolean("changed") ?? false,
);

export const policyIds = policies.map(
  (spec) => new Policy(spec.key, { name: spec.name, permissions: spec.permissions }).id,
);
