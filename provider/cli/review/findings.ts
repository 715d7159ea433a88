/** The preview's diagnostics as findings: rule, resource and property read from each message. */

import { compareText } from "../../model/order";
import { taggedRule } from "../../rules/registry";
import type { PreviewDiagnostic } from "./preview-json";
import type { ReviewFinding } from "./types";
import { kindOfUrn, nameOfUrn } from "./urns";

const RESOURCE_IN_MESSAGE = /pulumi-nodejs:dynamic\/directus:(\w+) resource '([^']+)': /;
const PROPERTY_IN_MESSAGE = /^(?:property )?([\w.[\]()]+?)(?: value \{.*?\} has a problem)?: /;
const REFUSED = /pulumi-directus (refused|could not check) this program/;
/** The closing line of a refusal: the problems it counts are reported one by one. */
const REFUSAL_SUMMARY = /^pulumi-directus refused this program: \d+ problem/;

function stripSeverity(message: string): string {
  return message.replace(/^(error|warning|info|debug): /, "").trim();
}

/** `<Kind>:<name>` of the diagnostic's resource. */
function resourceOfUrn(urn: string | undefined): string | undefined {
  return urn ? `${kindOfUrn(urn)}:${nameOfUrn(urn)}` : undefined;
}

/** A message about a resource may name it at its start; the rest is what it says. */
function resourceInMessage(text: string): { resource: string; rest: string } | undefined {
  const named = RESOURCE_IN_MESSAGE.exec(text);
  return named ? { resource: `${named[1]}:${named[2]}`, rest: text.slice(named.index + named[0].length) } : undefined;
}

function findingOf(diagnostic: PreviewDiagnostic): ReviewFinding | undefined {
  if (diagnostic.severity !== "error" && diagnostic.severity !== "warning") return undefined;
  const stripped = stripSeverity(diagnostic.message);
  if (REFUSAL_SUMMARY.test(stripped)) return undefined;
  const named = resourceInMessage(stripped);
  const resource = named?.resource ?? resourceOfUrn(diagnostic.urn);
  const text = named?.rest ?? stripped;
  const tagged = taggedRule(text);
  const property = PROPERTY_IN_MESSAGE.exec(tagged ? text.slice(0, tagged.index) : text);
  const message = tagged ? text.slice(tagged.index + tagged.length) : property ? text.slice(property[0].length) : text;
  return {
    severity: diagnostic.severity,
    ...(tagged ? { ruleId: tagged.rule.id, ruleName: tagged.rule.name } : {}),
    ...(resource ? { resource } : {}),
    ...(property?.[1] ? { property: property[1] } : {}),
    message,
  };
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1 };

function compareFindings(a: ReviewFinding, b: ReviewFinding): number {
  return (
    (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2) ||
    compareText(a.ruleId ?? "\uffff", b.ruleId ?? "\uffff") ||
    compareText(a.resource ?? "", b.resource ?? "") ||
    compareText(a.property ?? "", b.property ?? "") ||
    compareText(a.message, b.message)
  );
}

/**
 * The guardrails report each problem from the program and again from the provider's check: the
 * same rule, resource and message appear once in the review.
 */
export function findingsOf(diagnostics: readonly PreviewDiagnostic[]): ReviewFinding[] {
  const unique = new Map<string, ReviewFinding>();
  for (const diagnostic of diagnostics) {
    const finding = findingOf(diagnostic);
    if (!finding) continue;
    const key = [finding.severity, finding.ruleId, finding.resource, finding.message].join("\u0000");
    if (!unique.has(key)) unique.set(key, finding);
  }
  return [...unique.values()].sort(compareFindings);
}

/** pulumi-directus refused the program (or could not check it): `pulumi up` applies nothing. */
export function isRefused(diagnostics: readonly PreviewDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error" && REFUSED.test(d.message));
}
