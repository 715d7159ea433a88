import * as pulumi from "@pulumi/pulumi";
import { policyDefinition } from "../../provider/engine/kinds/policy";
import { publicAccessDefinition } from "../../provider/engine/kinds/public-access";
import { passesProviderCheck } from "../../provider/plan/provider-check";
import { DEFAULT_LIMITS } from "../../provider/rules/limits";

const passes = (definition: Parameters<typeof passesProviderCheck>[0], props: Record<string, unknown>) =>
  passesProviderCheck(definition, props, DEFAULT_LIMITS);

describe("passesProviderCheck (what a preview may send to the engine before the program is judged)", () => {
  it("passes valid, fully known inputs", () => {
    expect(passes(policyDefinition, { name: "Editors", permissions: [{ collection: "posts", action: "read" }] })).toBe(
      true,
    );
  });

  it("holds back inputs that are not known yet", () => {
    expect(passes(policyDefinition, { name: pulumi.output("Editors") })).toBe(false);
    expect(passes(policyDefinition, { name: "Editors", description: Promise.resolve("later") })).toBe(false);
  });

  it("holds back what the schema, the semantic checks or the acknowledgements refuse", () => {
    expect(passes(policyDefinition, { name: "" })).toBe(false);
    expect(passes(policyDefinition, { name: "Editors", adminAcess: true })).toBe(false);
    const twice = [
      { collection: "posts", action: "read" },
      { collection: "posts", action: "read" },
    ];
    expect(passes(policyDefinition, { name: "Editors", permissions: twice })).toBe(false);
    expect(
      passes(policyDefinition, { name: "Editors", acknowledge: [{ rule: "DSEC-999", reason: "no such rule" }] }),
    ).toBe(false);
  });

  it("holds back a rule error the provider's check reports, and passes it once acknowledged", () => {
    const publicWrite = { permissions: [{ collection: "submissions", action: "create" }] };
    expect(passes(publicAccessDefinition, publicWrite)).toBe(false);
    const acknowledged = {
      ...publicWrite,
      acknowledge: [{ rule: "DSEC-001", reason: "contact form, spam is filtered downstream" }],
    };
    expect(passes(publicAccessDefinition, acknowledged)).toBe(true);
  });

  it("holds back custom permission rules, which the Core-tier check judges against the live server", () => {
    const custom = { name: "Editors", permissions: [{ collection: "posts", action: "read", fields: ["title"] }] };
    expect(passes(policyDefinition, custom)).toBe(false);
  });
});
