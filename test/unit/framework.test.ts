import { checkInputs, diffInputs, formatPath, UNKNOWN } from "../../provider/engine/framework";
import { policyDefinition } from "../../provider/engine/kinds/policy";
import { roleDefinition } from "../../provider/engine/kinds/role";

describe("checkInputs", () => {
  it("applies defaults and returns normalized inputs", () => {
    const outcome = checkInputs(roleDefinition, { name: " Editors ", __provider: "serialized" });
    const normalized = { name: "Editors", description: null, icon: "supervised_user_circle", parent: null };
    expect(outcome).toEqual({
      complete: true,
      failures: [],
      inputs: normalized,
      validated: normalized,
      keptAsFound: new Set(),
      asFound: [],
    });
  });

  it("reports every failure with its property path", () => {
    const outcome = checkInputs(policyDefinition, {
      name: "",
      permissions: [{ collection: "posts", action: "publish" }],
      colour: "red",
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.failures.map((f) => f.property).sort()).toEqual(["(inputs)", "name", "permissions[0].action"]);
    expect(outcome.failures.find((f) => f.property === "permissions[0].action")?.reason).toMatch(
      /create, read, update, delete, share/,
    );
  });

  it("accepts values that are unknown during preview and skips semantic checks then", () => {
    const outcome = checkInputs(policyDefinition, { name: "API", adminAccess: UNKNOWN, permissions: UNKNOWN });
    expect(outcome.failures).toEqual([]);
    expect(outcome.complete).toBe(false);
  });

  it("runs semantic checks on the list as written, and sorts it only for state", () => {
    const outcome = checkInputs(policyDefinition, {
      name: "API",
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "posts", action: "read", fields: ["title"] },
        { collection: "analytics", action: "read" },
      ],
    });
    expect(outcome.failures).toEqual([
      expect.objectContaining({ property: "permissions[1]", reason: expect.stringMatching(/duplicate permission/) }),
    ]);
    const sorted = checkInputs(policyDefinition, {
      name: "API",
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "analytics", action: "read" },
      ],
    });
    expect(sorted.complete && sorted.inputs.permissions?.map((p) => p.collection)).toEqual(["analytics", "posts"]);
    expect(sorted.complete && sorted.validated.permissions?.map((p) => p.collection)).toEqual(["posts", "analytics"]);
  });
});

describe("diffInputs", () => {
  const olds = {
    name: "API",
    description: null,
    icon: "badge",
    adminAccess: false,
    appAccess: false,
    enforceTfa: false,
    ipAccess: null,
  };

  it("sees no change when only key order differs", () => {
    const news = {
      icon: "badge",
      ipAccess: null,
      enforceTfa: false,
      appAccess: false,
      adminAccess: false,
      description: null,
      name: "API",
    };
    expect(diffInputs(policyDefinition, olds, news)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("marks updates and replacements, and treats unknown values as changes", () => {
    expect(diffInputs(policyDefinition, olds, { ...olds, enforceTfa: true })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(
      diffInputs(policyDefinition, olds, { ...olds, adoptId: "6b0f2f1c-1111-4222-8333-944445555666" }),
    ).toMatchObject({
      changes: true,
      replaces: ["adoptId"],
    });
    expect(diffInputs(policyDefinition, olds, { ...olds, name: UNKNOWN })).toMatchObject({ changes: true });
  });

  it("ignores the connection", () => {
    expect(
      diffInputs(roleDefinition, { name: "a" }, { name: "a", connection: { url: "x", token: "y" } }),
    ).toMatchObject({
      changes: false,
    });
  });
});

describe("formatPath", () => {
  it("renders zod paths the way users write them", () => {
    expect(formatPath(["permissions", 2, "filter", "status"])).toBe("permissions[2].filter.status");
    expect(formatPath([])).toBe("");
  });
});
