import { type AnyDefinition, checkInputs } from "../../provider/engine/framework";
import { permissionDefinition } from "../../provider/engine/kinds/permission";
import { roleDefinition } from "../../provider/engine/kinds/role";
import { isIpRule } from "../../provider/schemas/policy";

describe("ipAccess entries", () => {
  it.each(["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::/32", "10.0.0.1-10.0.0.9"])(
    "accepts %s",
    (entry) => {
      expect(isIpRule(entry)).toBe(true);
    },
  );
  it.each(["not-an-ip", "10.0.0.0/33", "10.0.0.256", "10.0.0.0/8/1", "::1/129", "10.0.0.1-", ""])(
    "refuses %s",
    (entry) => {
      expect(isIpRule(entry)).toBe(false);
    },
  );
});

describe("inputs Directus would store but cannot use are refused at check", () => {
  const check = (definition: AnyDefinition, inputs: Record<string, unknown>) =>
    checkInputs(definition, inputs).failures.map((f) => `${f.property}: ${f.reason}`);

  it("names the filter operator Directus does not know, and null entries of _and", () => {
    const failures = check(permissionDefinition, {
      policy: "8f2f7c52-2f4d-4c1e-9a7b-3f6a2d1e0c11",
      collection: "posts",
      action: "read",
      filter: { _and: [null, { status: { _bogus: "x" } }] },
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^filter\._and\[0\]: /),
        expect.stringMatching(/^filter\._and\[1\]\.status\._bogus: .*Fix/),
      ]),
    );
  });

  it("refuses a 100,000-character collection and a 1 MB role name", () => {
    expect(
      check(permissionDefinition, {
        policy: "8f2f7c52-2f4d-4c1e-9a7b-3f6a2d1e0c11",
        collection: "c".repeat(100_000),
        action: "read",
      }),
    ).toEqual([expect.stringMatching(/^collection: .*longer than the 64 characters/)]);
    expect(check(roleDefinition, { name: "r".repeat(1_000_000) })).toEqual([
      expect.stringMatching(/^name: role name is 1000000 characters long; the limit is 100/),
    ]);
  });

  it("accepts dynamic variables and relational filters", () => {
    expect(
      check(permissionDefinition, {
        policy: "8f2f7c52-2f4d-4c1e-9a7b-3f6a2d1e0c11",
        collection: "posts",
        action: "update",
        filter: { _or: [{ author: { id: { _eq: "$CURRENT_USER" } } }, { date_created: { _gte: "$NOW(-1 day)" } }] },
      }),
    ).toEqual([]);
  });
});
