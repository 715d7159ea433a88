import type { InstanceFacts } from "../../provider/rules/types";

/** Facts for the examples and tests: an empty instance, overridden by what the test gives. */
export function factsWith(partial: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    version: "11.17.4",
    customPermissionRules: true,
    policies: [],
    access: [],
    roles: [],
    users: [],
    fields: {},
    ...partial,
  };
}
