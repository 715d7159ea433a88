import { canonicalJson, sortKeys } from "../../provider/model/canonical";

describe("canonicalJson", () => {
  it("ignores object key order at every depth", () => {
    const a = { status: { _eq: "published" }, _and: [{ b: 1, a: 2 }] };
    const b = { _and: [{ a: 2, b: 1 }], status: { _eq: "published" } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("keeps array order significant and drops undefined keys", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(sortKeys({ a: undefined, b: null })).toEqual({ b: null });
    expect(canonicalJson(undefined)).toBe("undefined");
  });
});
