/**
 * One combined result of a fleet audit in every format: text and Markdown give a summary per
 * instance, JSON one entry per instance, SARIF one run per instance, HTML an overview table linking to
 * each instance's full report on the same page. An instance that could not be audited says why.
 */

import type * as Sarif from "sarif";
import {
  type AuditFormat,
  auditExitCode,
  auditJson,
  type FailOn,
  oneFindingPerProblem,
  sarifLog,
} from "../audit-report";
import { plural, summaryText } from "../audit-report/finding-text";
import { type AuditSummary, summarize } from "../audit-report/findings";
import { auditSection } from "../audit-report/html";
import { markdownFindings, markdownTable } from "../audit-report/markdown";
import { SARIF_SCHEMA, toolDriver } from "../audit-report/sarif";
import { textFindings } from "../audit-report/text";
import type { AuditReport } from "../audit-report/types";
import { anchorId, escapeHtml } from "../html/escape";
import { htmlPage } from "../html/page";
import { escapeCell, plain } from "../markdown";
import type { FleetEntry } from "./run";

/** Exit code when an instance could not be audited: the fleet's result is incomplete. */
export const FLEET_INCOMPLETE = 2;

export interface FleetSummary extends AuditSummary {
  readonly instances: number;
  readonly audited: number;
  readonly failed: number;
}

function entrySummary(report: AuditReport): AuditSummary {
  return summarize(oneFindingPerProblem(report.findings));
}

export function fleetSummary(entries: readonly FleetEntry[]): FleetSummary {
  const summaries = entries.flatMap((e) => (e.status === "audited" ? [entrySummary(e.report)] : []));
  return {
    instances: entries.length,
    audited: summaries.length,
    failed: entries.length - summaries.length,
    errors: summaries.reduce((sum, s) => sum + s.errors, 0),
    warnings: summaries.reduce((sum, s) => sum + s.warnings, 0),
  };
}

/** 2 when an instance could not be audited, else 1 when any instance has findings at `failOn`, else 0. */
export function fleetExitCode(entries: readonly FleetEntry[], failOn: FailOn): number {
  if (entries.some((e) => e.status === "failed")) return FLEET_INCOMPLETE;
  return Math.max(0, ...entries.map((e) => (e.status === "audited" ? auditExitCode(e.report, failOn) : 0)));
}

function summaryLine(summary: FleetSummary): string {
  const failed = summary.failed > 0 ? `, ${summary.failed} NOT audited` : "";
  return `Fleet: ${plural(summary.instances, "instance")}, ${summary.audited} audited${failed}; ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}.`;
}

function adminReach(report: AuditReport): number {
  return report.principals.filter((p) => p.admin !== "no").length;
}

function formatText(entries: readonly FleetEntry[]): string {
  const lines = entries.flatMap((entry) => {
    const { name, url } = entry.instance;
    if (entry.status === "failed") return [`== ${name} (${url}): NOT AUDITED - ${plain(entry.error)}`, ""];
    const findings = oneFindingPerProblem(entry.report.findings);
    return [
      `== ${name} (${url}, Directus ${entry.report.instance.version}): ${summaryText(summarize(findings))}`,
      ...textFindings(findings),
      "",
    ];
  });
  return `${[...lines, summaryLine(fleetSummary(entries))].join("\n")}\n`;
}

function overviewRow(entry: FleetEntry): string[] {
  const { name, url } = entry.instance;
  if (entry.status === "failed") return [name, url, "", "", "", "", `not audited: ${entry.error}`].map(escapeCell);
  const summary = entrySummary(entry.report);
  const { version } = entry.report.instance;
  return [
    name,
    url,
    version,
    String(summary.errors),
    String(summary.warnings),
    String(adminReach(entry.report)),
    "audited",
  ].map(escapeCell);
}

const OVERVIEW_HEADER = ["Instance", "URL", "Directus", "Errors", "Warnings", "Reaching admin", "Status"];

function formatMarkdown(entries: readonly FleetEntry[]): string {
  const sections = entries.flatMap((entry) => {
    if (entry.status === "failed") return [];
    return [
      "",
      `## ${escapeCell(entry.instance.name)}`,
      "",
      ...markdownFindings(oneFindingPerProblem(entry.report.findings)),
    ];
  });
  return `${[
    "# Directus security audit of a fleet",
    "",
    `**${escapeCell(summaryLine(fleetSummary(entries)))}**`,
    "",
    ...markdownTable(OVERVIEW_HEADER, entries.map(overviewRow)),
    ...sections,
  ].join("\n")}\n`;
}

function formatJson(entries: readonly FleetEntry[]): string {
  const instances = entries.map((entry) => {
    const { name, url } = entry.instance;
    if (entry.status === "failed") return { name, url, status: entry.status, error: entry.error };
    return { name, url, status: entry.status, ...auditJson(entry.report) };
  });
  return `${JSON.stringify({ summary: fleetSummary(entries), instances }, null, 2)}\n`;
}

/** One run per instance, each named by `automationDetails` so code scanning keeps them apart. */
function formatSarif(entries: readonly FleetEntry[], toolVersion: string): string {
  const runs = entries.map((entry): Sarif.Run => {
    const automationDetails = { id: `pulumi-directus/${entry.instance.name}/` };
    if (entry.status === "audited") {
      const [run] = sarifLog(entry.report, toolVersion).runs;
      return { ...(run as Sarif.Run), automationDetails };
    }
    const instance = { url: entry.instance.url, name: entry.instance.name };
    return {
      tool: { driver: toolDriver(toolVersion) },
      automationDetails,
      invocations: [
        {
          executionSuccessful: false,
          toolExecutionNotifications: [{ level: "error", message: { text: `not audited: ${entry.error}` } }],
          properties: { instance },
        },
      ],
      results: [],
      properties: { instance },
    };
  });
  const log: Sarif.Log = { $schema: SARIF_SCHEMA, version: "2.1.0", runs };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function formatHtml(entries: readonly FleetEntry[], toolVersion: string): string {
  const prefix = (index: number) => anchorId("instance", index);
  const rows = entries.map((entry, index) => {
    const { name, url } = entry.instance;
    const link = entry.status === "audited" ? `<a href="#${prefix(index)}">${escapeHtml(name)}</a>` : escapeHtml(name);
    if (entry.status === "failed") {
      return `<tr><th scope="row">${link}</th><td>${escapeHtml(url)}</td><td></td><td></td><td></td><td></td><td class="bad">not audited: ${escapeHtml(entry.error)}</td></tr>`;
    }
    const summary = entrySummary(entry.report);
    return `<tr><th scope="row">${link}</th><td>${escapeHtml(url)}</td><td>${escapeHtml(entry.report.instance.version)}</td><td${summary.errors > 0 ? ' class="bad"' : ""}>${summary.errors}</td><td>${summary.warnings}</td><td>${adminReach(entry.report)}</td><td>audited</td></tr>`;
  });
  const header = OVERVIEW_HEADER.map((h) => `<th scope="col">${h}</th>`).join("");
  const sections = entries.flatMap((entry, index) =>
    entry.status === "audited"
      ? [
          auditSection(entry.report, oneFindingPerProblem(entry.report.findings), {
            prefix: prefix(index),
            title: `${entry.instance.name}: ${entry.instance.url}`,
            heading: 2,
          }),
        ]
      : [],
  );
  return htmlPage({
    title: "Directus security audit of a fleet",
    body: [
      "<h1>Directus security audit of a fleet</h1>",
      `<p class="meta">${escapeHtml(summaryLine(fleetSummary(entries)))} pulumi-directus ${escapeHtml(toolVersion)}.</p>`,
      `<div class="scroll" tabindex="0" role="region" aria-label="Instances"><table class="plain instances"><thead><tr>${header}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
      ...sections,
    ].join("\n"),
  });
}

export function formatFleet(entries: readonly FleetEntry[], format: AuditFormat, toolVersion: string): string {
  switch (format) {
    case "text":
      return formatText(entries);
    case "markdown":
      return formatMarkdown(entries);
    case "json":
      return formatJson(entries);
    case "sarif":
      return formatSarif(entries, toolVersion);
    case "html":
      return formatHtml(entries, toolVersion);
  }
}
