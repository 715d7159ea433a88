/** The report as a SARIF log for code scanning. */

import { createHash } from "node:crypto";
import type * as Sarif from "sarif";
import { SECURITY_RULES } from "../../rules/registry";
import type { SecurityRule } from "../../rules/types";
import { sentence } from "./finding-text";
import { oneFindingPerProblem } from "./findings";
import type { AuditFinding, AuditReport } from "./types";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const TOOL_NAME = "pulumi-directus";
export const TOOL_URI = "https://github.com/pulumi-directus/pulumi-directus";
/** Key of the partial fingerprint; bump the suffix if the hashed parts ever change. */
export const FINGERPRINT_KEY = "auditFinding/v1";

function ruleDescriptor(rule: SecurityRule): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.rationale },
    help: { text: rule.remediation },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ["security"] },
  };
}

/** Stable across runs and independent of wording: rule, object and property only. */
export function findingFingerprint(finding: AuditFinding): string {
  return createHash("sha256")
    .update([finding.ruleId, finding.object.id, finding.property].join("\u0000"))
    .digest("hex");
}

function logicalLocation(finding: AuditFinding): Sarif.LogicalLocation {
  const { kind, id, name } = finding.object;
  const property = finding.property === "" ? "" : `#${finding.property}`;
  return { name, fullyQualifiedName: `directus:${kind}/${id}${property}`, kind: "resource" };
}

function sarifResult(finding: AuditFinding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity,
    message: { text: `${sentence(finding.message)} Fix: ${finding.remediation}` },
    locations: [{ logicalLocations: [logicalLocation(finding)] }],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
    properties: { object: { ...finding.object }, property: finding.property },
  };
}

export function toolDriver(toolVersion: string): Sarif.ToolComponent {
  return {
    name: TOOL_NAME,
    version: toolVersion,
    informationUri: TOOL_URI,
    rules: SECURITY_RULES.map(ruleDescriptor),
  };
}

export function sarifLog(report: AuditReport, toolVersion: string): Sarif.Log {
  const ruleIndex = new Map(SECURITY_RULES.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: toolDriver(toolVersion) },
        invocations: [{ executionSuccessful: true, properties: { instance: { ...report.instance } } }],
        results: oneFindingPerProblem(report.findings).map((finding) => sarifResult(finding, ruleIndex)),
        properties: { instance: { ...report.instance }, principals: report.principals.map((p) => ({ ...p })) },
      },
    ],
  };
}
