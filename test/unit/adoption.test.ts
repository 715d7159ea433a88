import { adoptedRowChanges, fieldChanges } from "../../provider/plan/adoption";

const row = {
  id: 12,
  policy: "00000000-0000-4000-8000-000000000001",
  collection: "articles",
  action: "read",
  fields: ["title", "status"],
  permissions: { status: { _eq: "published" } },
  validation: null,
  presets: {},
};

/** A Permission resource's validated inputs: the permission plus its policy, adoptId and common keys. */
const inputs = {
  policy: row.policy,
  collection: "articles",
  action: "read",
  fields: ["status", "title"],
  filter: { status: { _eq: "published" } },
  validation: null,
  presets: null,
  adoptId: 12,
  acknowledge: [{ rule: "DSEC-101", reason: "published articles are public anyway" }],
};

describe("takeover differences", () => {
  it("adopting a row with the same permission changes nothing, whatever else the inputs carry", () => {
    expect(adoptedRowChanges(inputs, row)).toBe(false);
  });

  it("adopting a row with another filter or field list rewrites it", () => {
    expect(adoptedRowChanges({ ...inputs, filter: null }, row)).toBe(true);
    expect(adoptedRowChanges({ ...inputs, fields: ["*"] }, row)).toBe(true);
  });

  it("lists only fields the program sets and that differ, key order ignored", () => {
    const live = { name: "Editing", description: "Write articles", icon: "edit", ipAccess: ["10.0.0.0/8"] };
    expect(fieldChanges(live, { name: "Editing", description: "Changed", ipAccess: ["10.0.0.0/8"] })).toEqual([
      'description: "Write articles" → "Changed"',
    ]);
  });
});
