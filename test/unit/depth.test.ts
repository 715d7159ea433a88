import { boundDepth, MAX_INPUT_DEPTH, TOO_DEEP } from "../../provider/model/depth";

function nested(levels: number): Record<string, unknown> {
  let filter: Record<string, unknown> = { status: { _eq: "published" } };
  for (let i = 0; i < levels; i++) filter = { _and: [filter] };
  return filter;
}

describe("boundDepth", () => {
  it("keeps ordinary arguments as they are", () => {
    const args = { name: "Editors", permissions: [{ collection: "posts", action: "read", filter: nested(10) }] };
    expect(boundDepth(args)).toEqual({ value: args, tooDeep: [] });
  });

  it("cuts a filter a hundred thousand levels deep at the bound, with its path, in well under a second", () => {
    const started = Date.now();
    const { value, tooDeep } = boundDepth({ permissions: [{ filter: nested(100_000) }] });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]).toMatch(/^permissions\[0\]\.filter\._and\[0\]\._and\[0\]/);
    expect(JSON.stringify(value)).toContain(TOO_DEEP);
    // What is left can be walked recursively without any risk.
    expect(JSON.stringify(value).length).toBeLessThan(2000);
  });

  it("does not touch values that are not plain data", () => {
    class Output {}
    const output = new Output();
    const { value } = boundDepth({ policy: output, list: [1, 2] }, 1);
    expect((value as { policy: unknown }).policy).toBe(output);
    expect((value as { list: unknown }).list).toBe(TOO_DEEP);
    expect(MAX_INPUT_DEPTH).toBeGreaterThan(20);
  });
});
