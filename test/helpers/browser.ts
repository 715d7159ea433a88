/// <reference lib="dom" />
/**
 * A real headless Chromium (the machine's own, from its packages) driven by playwright-core, for the
 * HTML reports: open a file, time its rendering, run axe-core, take screenshots. A missing browser
 * fails the test with the install command; it never skips.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { REPO_ROOT } from "./directus";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** $PULUMI_DIRECTUS_CHROMIUM, else the first Chromium on PATH. */
export function chromiumExecutable(): string {
  const configured = process.env.PULUMI_DIRECTUS_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`PULUMI_DIRECTUS_CHROMIUM=${configured} does not exist.`);
    return configured;
  }
  for (const name of CANDIDATES) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error(
    "The HTML report tests need a headless Chromium and none is installed. Fix: apt-get install chromium (Debian/Ubuntu; .ci/run does it), or set PULUMI_DIRECTUS_CHROMIUM to a Chromium or Chrome executable.",
  );
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumExecutable(), args: ["--no-sandbox"] });
}

export interface Rendered {
  readonly page: Page;
  /** From navigation start to the end of the load event (parsing, layout, the filter script). */
  readonly renderMs: number;
  readonly bytes: number;
  /** Closes the page with its context; awaited, so nothing is left closing when the browser goes. */
  readonly close: () => Promise<void>;
}

/** Opens a report file in a fresh page of `width` x `height` and waits for it to finish loading. */
export async function openReport(browser: Browser, file: string, width = 1600, height = 1000): Promise<Rendered> {
  // A context of its own: axe-core's runner needs one.
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const failed: string[] = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  page.on("pageerror", (error) => failed.push(`script error: ${error.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const renderMs = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return navigation ? navigation.loadEventEnd - navigation.startTime : Number.NaN;
  });
  // Nothing may load from elsewhere, and the script must run without an error.
  if (failed.length > 0) throw new Error(`the report failed to load: ${failed.join(", ")}`);
  return { page, renderMs, bytes: statSync(file).size, close: () => context.close() };
}

/** axe-core's serious and critical violations of the page, as `rule: target` lines. */
export async function seriousViolations(page: Page, exclude: readonly string[] = []): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  for (const selector of exclude) builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 5).map((node) => `${v.id}: ${node.target.join(" ")}`));
}

/** Screenshots land in .local/screenshots (or $PULUMI_DIRECTUS_SCREENSHOTS, e.g. docs/images). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  const dir = process.env.PULUMI_DIRECTUS_SCREENSHOTS ?? path.join(REPO_ROOT, ".local", "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
