/**
 * The engine's own view of one `pulumi up`: the OpenTelemetry spans `pulumi --otel-traces file://...`
 * writes (one OTLP JSON document per line) reduced to the phases that decide its length, and the
 * critical path of the median resource: registration sent by the program, the engine's check, its
 * create in the provider (Directus' request inside it), and the answer back to the program.
 */
import { readFileSync } from "node:fs";
import { overlap } from "./intervals";

interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

interface OtlpSpan {
  name?: string;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
}

interface OtlpDocument {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** Spans in milliseconds since the first one started; engine (client) side only where both sides record one. */
export function readSpans(file: string): Span[] {
  const spans: Span[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const document = JSON.parse(line) as OtlpDocument;
    for (const scope of (document.resourceSpans ?? []).flatMap((r) => r.scopeSpans ?? [])) {
      for (const span of scope.spans ?? []) {
        if (!span.name || !span.startTimeUnixNano || !span.endTimeUnixNano) continue;
        spans.push({
          name: span.name,
          start: Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000,
          end: Number(BigInt(span.endTimeUnixNano) / 1000n) / 1000,
        });
      }
    }
  }
  const origin = Math.min(...spans.map((s) => s.start));
  return spans.map((s) => ({ ...s, start: s.start - origin, end: s.end - origin })).sort((a, b) => a.start - b.start);
}

const named = (spans: readonly Span[], name: string) => spans.filter((s) => s.name === name);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The phases of an `up` that creates resources, and its median resource's critical path, as lines. */
export function criticalPathLines(file: string): string[] {
  const spans = readSpans(file);
  const run = named(spans, "pulumi")[0];
  // The engine's client spans ("pulumirpc.*"). A registration lasts until the engine answers the
  // program; the program's first one is the stack itself.
  const [stack, ...registrations] = named(spans, "pulumirpc.ResourceMonitor/RegisterResource");
  const handshake = named(spans, "pulumirpc.ResourceProvider/Handshake")[0];
  const checks = named(spans, "pulumirpc.ResourceProvider/Check");
  const creates = named(spans, "pulumirpc.ResourceProvider/Create");
  if (!run || !stack || registrations.length === 0 || creates.length === 0 || !handshake) {
    return ["  (the trace has no resource creation to follow)"];
  }
  const byEnd = [...creates].sort((a, b) => a.end - b.end);
  const create = byEnd[Math.floor(byEnd.length / 2)] as Span;
  // The engine checks a resource, then hands its create to a worker: its check is the last one before.
  const check = [...checks].reverse().find((c) => c.end <= create.start + 1);
  // Its registration is the first one answered after its create ended.
  const registration = registrations.filter((r) => r.end >= create.end).sort((a, b) => a.end - b.end)[0];
  const lines = [
    `  the engine's trace of one more up of the same resources (pulumi --otel-traces; not timed above, tracing slows it), in seconds from its start:`,
    `    program's first resource registered       ${s(registrations[0]?.start ?? 0)} (the stack itself at ${s(stack.start)})`,
    `    last resource registered                  ${s(Math.max(...registrations.map((r) => r.start)))}`,
    `    provider process ready (handshake)        ${s(handshake.end)}`,
    `    checks: ${checks.length}, at most ${overlap(checks).max} at once, median ${Math.round(median(checks.map((c) => c.end - c.start)))} ms, from ${s(checks[0]?.start ?? 0)} to ${s(Math.max(...checks.map((c) => c.end)))}`,
    `    creates: ${creates.length}, at most ${overlap(creates).max} at once (the engine's --parallel), median ${Math.round(median(creates.map((c) => c.end - c.start)))} ms each, from ${s(creates[0]?.start ?? 0)} to ${s(Math.max(...creates.map((c) => c.end)))}`,
    `    the whole up                              ${s(run.end)}`,
    "  critical path of the median resource (by the end of its create):",
    `    registered by the program ${registration ? s(registration.start) : "(not found)"} -> checked ${check ? `${s(check.start)}-${s(check.end)}` : "(no check found)"} -> create ${s(create.start)}-${s(create.end)} -> answered to the program ${registration ? s(registration.end) : "(not found)"}`,
  ];
  if (check && registration) {
    lines.push(
      `    waited for its check ${s(check.start - registration.start)} (provider start, then earlier checks and free create slots), create ${s(create.end - create.start)}, answer ${s(registration.end - create.end)} after the create`,
    );
  }
  return lines;
}
