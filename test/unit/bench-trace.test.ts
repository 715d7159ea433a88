import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { criticalPathLines, readSpans } from "../../bench/trace";

/** One OTLP JSON line per span, as `pulumi --otel-traces file://...` writes them; times in ms. */
function otlp(spans: [string, number, number][]): string {
  const base = 1_700_000_000_000n * 1_000_000n;
  const nanos = (ms: number) => String(base + BigInt(Math.round(ms * 1000)) * 1000n);
  return spans
    .map(([name, start, end]) =>
      JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ name, startTimeUnixNano: nanos(start), endTimeUnixNano: nanos(end) }] }] },
        ],
      }),
    )
    .join("\n");
}

describe("the engine's trace of an up (bench/trace.ts)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bench-trace-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the phases and the median resource's critical path", () => {
    const file = path.join(dir, "up.json");
    writeFileSync(
      file,
      otlp([
        ["pulumi", 0, 9000],
        ["pulumirpc.ResourceMonitor/RegisterResource", 1000, 1005], // the stack
        ["pulumirpc.ResourceMonitor/RegisterResource", 4000, 6100],
        ["pulumirpc.ResourceMonitor/RegisterResource", 4300, 7100],
        ["pulumirpc.ResourceMonitor/RegisterResource", 4002, 8100],
        ["pulumirpc.ResourceProvider/Handshake", 4500, 4510],
        ["pulumirpc.ResourceProvider/Check", 4520, 4700],
        ["pulumirpc.ResourceProvider/Create", 4700, 6000],
        ["pulumirpc.ResourceProvider/Check", 4710, 4750],
        ["pulumirpc.ResourceProvider/Create", 4750, 7000],
        ["pulumirpc.ResourceProvider/Check", 6010, 6040],
        ["pulumirpc.ResourceProvider/Create", 6040, 8000],
      ]),
    );
    expect(readSpans(file)).toHaveLength(12);
    const text = criticalPathLines(file).join("\n");
    expect(text).toMatch(/program's first resource registered +4\.00 s \(the stack itself at 1\.00 s\)/);
    expect(text).toMatch(/last resource registered +4\.30 s/);
    expect(text).toMatch(/provider process ready \(handshake\) +4\.51 s/);
    expect(text).toMatch(/checks: 3, at most 1 at once, median 40 ms, from 4\.52 s to 6\.04 s/);
    expect(text).toMatch(/creates: 3, at most 2 at once \(the engine's --parallel\), median 1960 ms each/);
    // The median create by its end is the second one: registered 4.30, checked 4.71-4.75, created 4.75-7.00,
    // answered 7.10 (its own registration, not the first one's).
    expect(text).toMatch(
      /registered by the program 4\.30 s -> checked 4\.71 s-4\.75 s -> create 4\.75 s-7\.00 s -> answered to the program 7\.10 s/,
    );
    expect(text).toMatch(/waited for its check 0\.41 s .* create 2\.25 s, answer 0\.10 s after the create/);
  });

  it("says so when the trace created nothing", () => {
    const file = path.join(dir, "preview.json");
    writeFileSync(file, otlp([["pulumi", 0, 100]]));
    expect(criticalPathLines(file)).toEqual(["  (the trace has no resource creation to follow)"]);
  });
});
