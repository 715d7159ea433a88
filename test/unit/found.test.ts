import { checkInputs } from "../../provider/engine/framework";
import { permissionDefinition } from "../../provider/engine/kinds/permission";
import { policyDefinition } from "../../provider/engine/kinds/policy";
import { serviceAccountDefinition } from "../../provider/engine/kinds/service-account";
import { keptAsFound } from "../../provider/model/found";
import { permissionOf } from "../helpers/permissions";

const POLICY = "00000000-0000-4000-8000-000000000001";
const row = permissionOf;

/** An adopted policy as the instance has it: one delete row with no field, one field name with a dash. */
const found = {
  name: "Editors",
  permissions: [row("posts", "delete", { fields: null }), row("posts", "read", { fields: ["legacy field", "title"] })],
};

describe("values kept as found", () => {
  const adopted = {
    adoptId: POLICY,
    name: "Editors",
    permissions: [
      { collection: "posts", action: "delete", fields: null },
      { collection: "posts", action: "read", fields: ["title", "legacy field"] },
    ],
  };

  it("a program may not write them", () => {
    const outcome = checkInputs(policyDefinition, adopted);
    expect(outcome.complete).toBe(false);
    expect(outcome.failures.map((f) => f.property).sort()).toEqual([
      "permissions[0].fields",
      "permissions[1].fields[1]",
    ]);
    expect(outcome.complete === false && outcome.mayPassAsFound).toBe(true);
  });

  it("an adopted object keeps them, reported as kept", () => {
    const outcome = checkInputs(policyDefinition, adopted, found);
    expect(outcome.failures).toEqual([]);
    if (!outcome.complete) throw new Error("expected complete inputs");
    expect(outcome.validated.permissions?.map((p) => p.fields)).toEqual([null, ["legacy field", "title"]]);
    expect([...outcome.keptAsFound].sort()).toEqual(["name", "posts:delete", "posts:read"]);
    expect(outcome.asFound.map((f) => f.property).sort()).toEqual([
      "permissions[0].fields",
      "permissions[1].fields[1]",
    ]);
  });

  it("a changed row meets the strict checks again; the unchanged one stays kept", () => {
    const changed = {
      ...adopted,
      permissions: [adopted.permissions[0], { ...adopted.permissions[1], filter: { status: { _eq: "published" } } }],
    };
    const outcome = checkInputs(policyDefinition, changed, found);
    expect(outcome.failures.map((f) => f.property)).toEqual(["permissions[1].fields[1]"]);
  });

  it("a new row with no field is refused even when other rows are kept", () => {
    const added = {
      ...adopted,
      permissions: [...adopted.permissions, { collection: "pages", action: "delete", fields: null }],
    };
    const outcome = checkInputs(policyDefinition, added, found);
    expect(outcome.failures.map((f) => f.property)).toEqual(["permissions[2].fields"]);
    expect(outcome.failures[0]?.reason).toMatch(/at least one field/);
  });

  it("a standalone Permission row is kept as a whole", () => {
    const inputs = { policy: POLICY, adoptId: 7, collection: "posts", action: "delete", fields: null };
    expect(checkInputs(permissionDefinition, inputs).complete).toBe(false);
    const outcome = checkInputs(permissionDefinition, inputs, {
      ...row("posts", "delete", { fields: null }),
      policy: POLICY,
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.complete && [...outcome.keptAsFound]).toEqual(["posts:delete"]);
  });

  it("shape errors are never kept: an action Directus does not know stays refused", () => {
    const outcome = checkInputs(
      policyDefinition,
      { ...adopted, permissions: [{ collection: "posts", action: "publish" }] },
      found,
    );
    expect(outcome.failures.map((f) => f.property)).toEqual(["permissions[0].action"]);
  });

  it("a service account needs no email", () => {
    const outcome = checkInputs(serviceAccountDefinition, { firstName: "Website" });
    expect(outcome.failures).toEqual([]);
    expect(outcome.complete && outcome.validated.email).toBeNull();
  });

  it("keptAsFound compares canonical values, per permission and per key", () => {
    const kept = keptAsFound(
      "Policy",
      {
        name: "Editors",
        description: "new",
        permissions: [row("posts", "read", { fields: ["legacy field", "title"] })],
      },
      found,
    );
    expect([...kept].sort()).toEqual(["name", "posts:read"]);
  });
});
