/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML reports in a real headless Chromium: `audit --format html` of an agency-size instance
 * (75 collections, 450+ permission rows) on Directus 11, and `audit --instances` over a fleet of the
 * two pinned releases plus one address where nothing listens. The page must show the named cells in
 * letters, filter by keyboard, load nothing from elsewhere and have no serious axe-core violation.
 * Render time and size are measured by `npm run bench:report`, not here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, openReport, screenshot, seriousViolations } from "../helpers/browser";
import { CLI, runCommand } from "../helpers/cli";
import { seedAgencyInstance } from "../helpers/corpus";
import { freePort } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { plantOrdinaryInstance } from "../helpers/planted";

const [OLDER, NEWER] = DIRECTUS_VERSIONS as [string, string];

/** The text of the cell of `principal` (its column group's name) for `collection` and `action`. */
async function cellText(page: Page, principal: string, collection: string, action: string): Promise<string> {
  return page.evaluate(
    ({ principal, collection, action }) => {
      const heads = [...document.querySelectorAll<HTMLElement>("table.matrix th.who")];
      const group = heads.findIndex((h) => h.dataset.name === principal.toLowerCase());
      const actions = [...document.querySelectorAll<HTMLElement>("table.matrix thead tr:nth-child(2) th abbr")]
        .slice(0, 5)
        .map((a) => a.title);
      const line = document.querySelector<HTMLElement>(`table.matrix tbody tr[data-name="${collection}"]`);
      const cell = line?.querySelectorAll("td")[group * actions.length + actions.indexOf(action)];
      return group < 0 || !cell ? `(no cell for ${principal})` : (cell.textContent ?? "");
    },
    { principal, collection, action },
  );
}

async function visibleLines(page: Page): Promise<string[]> {
  return page.$$eval("table.matrix tbody tr:not([hidden]) th", (ths) => ths.map((th) => th.textContent ?? ""));
}

async function visiblePrincipals(page: Page): Promise<string[]> {
  return page.$$eval("table.matrix th.who", (ths) =>
    ths.filter((th) => getComputedStyle(th).display !== "none").map((th) => (th as HTMLElement).dataset.name ?? ""),
  );
}

describe("HTML reports in a real browser, and a fleet audit", () => {
  const older = useDirectus(OLDER);
  const newer = useDirectus(NEWER);
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-html-"));
  let browser: Browser;
  let unreachable: string;

  beforeAll(async () => {
    browser = await launchChromium();
    await seedAgencyInstance(older.server);
    await plantOrdinaryInstance(newer.server);
    unreachable = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function audit(args: readonly string[], env: NodeJS.ProcessEnv, file: string) {
    const run = await runCommand(process.execPath, [CLI, "audit", ...args, "--quiet"], {
      env: { ...process.env, ...env },
    });
    writeFileSync(path.join(dir, file), run.stdout);
    return { ...run, file: path.join(dir, file) };
  }

  it(`audit --format html of an agency-size instance on Directus ${OLDER}: cells, filters, accessibility`, async () => {
    const run = await audit(
      ["--format", "html", "--fail-on", "never"],
      { DIRECTUS_URL: older.server.url, DIRECTUS_TOKEN: older.server.token },
      "agency.html",
    );
    expect(run.code).toBe(0);
    const { page, close } = await openReport(browser, run.file);
    try {
      const lines = await visibleLines(page);
      expect(lines.length).toBeGreaterThanOrEqual(75);
      // Public access reads pages with every field, which a finding (DSEC-101) is about: "!" links to it.
      // Publishers inherit Content editors from their parent role Editors.
      expect(await cellText(page, "Public access", "pages", "read")).toBe("A!");
      expect(await cellText(page, "Public access", "pages", "create")).toBe("\u00b7");
      expect(await cellText(page, "Role: Publishers", "authors", "create")).toBe("A");
      // SEO updates every field of posts, only title and body of redirects, reads navigation through a
      // filter, and has no access to pages; Developers may share categories.
      expect(await cellText(page, "Policy: SEO", "posts", "update")).toBe("A");
      expect(await cellText(page, "Policy: SEO", "redirects", "update")).toBe("F");
      expect(await cellText(page, "Policy: SEO", "navigation", "read")).toBe("I");
      expect(await cellText(page, "Policy: SEO", "pages", "update")).toBe("\u00b7");
      expect(await cellText(page, "Policy: Developers", "categories", "share")).toBe("A");
      expect(await cellText(page, "Role: Administrator", "pages", "delete")).toBe("\u2605");
      await screenshot(page, "audit-report");

      // The keyboard: "/" jumps to the collection box; typing filters the lines, Escape clears it.
      await page.keyboard.press("/");
      await page.keyboard.type("blocks_");
      const blocks = await visibleLines(page);
      expect(blocks.length).toBe(8);
      expect(blocks.every((name) => name.startsWith("blocks_"))).toBe(true);
      expect(await page.textContent("[data-filter-status]")).toMatch(/^Showing 8 of \d+ collections/);
      await page.keyboard.press("Escape");
      expect((await visibleLines(page)).length).toBe(lines.length);

      await page.keyboard.press("Tab"); // to the principal box
      await page.keyboard.type("publishers");
      expect(await visiblePrincipals(page)).toEqual(["role: publishers", "policy: content publishers"]);
      await page.keyboard.press("Escape");
      await page.locator("#audit-matrix").scrollIntoViewIfNeeded();
      await screenshot(page, "audit-matrix");

      await page.fill("[data-filter=finding]", "dsec-");
      expect(await page.locator("[data-finding]:not([hidden])").count()).toBeGreaterThan(0);
      await page.fill("[data-filter=finding]", "no such finding");
      expect(await page.locator("[data-finding]:not([hidden])").count()).toBe(0);
      await page.fill("[data-filter=finding]", "");

      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a public write found on a live instance links from its finding to its cell", async () => {
    const run = await audit(
      ["--format", "html", "--fail-on", "never"],
      { DIRECTUS_URL: newer.server.url, DIRECTUS_TOKEN: newer.server.token },
      "ordinary.html",
    );
    const { page, close } = await openReport(browser, run.file);
    try {
      const links = page.locator('[data-finding] a[href*="-cell-"]');
      for (let index = 0; index < (await links.count()); index++) {
        const href = (await links.nth(index).getAttribute("href")) ?? "";
        await links.nth(index).click();
        expect(await page.evaluate(() => location.hash)).toBe(href);
        expect(await page.locator(`td${href}`).count()).toBe(1);
      }
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("audit --instances: three instances, one unreachable, one combined result in every format and exit code 2", async () => {
    const instances = path.join(dir, "fleet.yaml");
    writeFileSync(
      instances,
      [
        "instances:",
        `  - { name: agency, url: "${older.server.url}", tokenEnv: FLEET_AGENCY_TOKEN }`,
        `  - { name: ordinary, url: "${newer.server.url}", tokenEnv: FLEET_ORDINARY_TOKEN }`,
        `  - { name: gone, url: "${unreachable}", tokenEnv: FLEET_GONE_TOKEN }`,
      ].join("\n"),
    );
    const env = {
      FLEET_AGENCY_TOKEN: older.server.token,
      FLEET_ORDINARY_TOKEN: newer.server.token,
      FLEET_GONE_TOKEN: "unused-token",
    };
    expect(readFileSync(instances, "utf8")).not.toContain(older.server.token);
    const outputs: Record<string, string> = {};
    for (const format of ["text", "markdown", "json", "sarif", "html"]) {
      const run = await audit(["--instances", instances, "--format", format], env, `fleet.${format}`);
      expect({ format, code: run.code }).toEqual({ format, code: 2 });
      expect(run.stdout).not.toContain(older.server.token);
      outputs[format] = run.stdout;
    }
    expect(outputs.text).toMatch(new RegExp(`== agency \\(${older.server.url}, Directus ${OLDER}\\): \\d+ errors?`));
    expect(outputs.text).toContain(`== ordinary (${newer.server.url}, Directus ${NEWER})`);
    expect(outputs.text).toMatch(new RegExp(`== gone \\(${unreachable}\\): NOT AUDITED - .*${unreachable}`));
    expect(outputs.text).toMatch(/Fleet: 3 instances, 2 audited, 1 NOT audited;/);
    expect(outputs.markdown).toMatch(/\| gone \|.*\| not audited: /);
    const json = JSON.parse(outputs.json ?? "{}") as { instances: { name: string; status: string }[] };
    expect(json.instances.map((i) => `${i.name}:${i.status}`)).toEqual([
      "agency:audited",
      "ordinary:audited",
      "gone:failed",
    ]);
    const sarif = JSON.parse(outputs.sarif ?? "{}") as { runs: { invocations: { executionSuccessful: boolean }[] }[] };
    expect(sarif.runs.map((r) => r.invocations[0]?.executionSuccessful)).toEqual([true, true, false]);

    const { page, close } = await openReport(browser, path.join(dir, "fleet.html"));
    try {
      expect(await page.locator("table.instances tbody tr").count()).toBe(3);
      await page.click('table.instances a[href="#instance-1"]');
      expect(await page.evaluate(() => location.hash)).toBe("#instance-1");
      // Each instance filters on its own.
      await page.fill("#instance-0-filter-collection", "blocks_");
      expect(await page.locator("#instance-0 table.matrix tbody tr:not([hidden])").count()).toBe(8);
      expect(await page.locator("#instance-1 table.matrix tbody tr[hidden]").count()).toBe(0);
      await page.fill("#instance-0-filter-collection", "");
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, "fleet-report");
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });
});
