/**
 * Import on instances this package did not design (test/helpers/corpus.ts), through the real CLI and
 * the real `pulumi` binary: import -> `pulumi up` (creates only, the instance byte-identical) ->
 * `preview --expect-no-changes` -> `destroy` (the instance as it was). On the instance that already
 * lets the public write one collection, a new public write is refused at preview and `review` says so;
 * on the agency, a widening change's `review --format html` marks its cells in a real browser.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium, openReport, screenshot, seriousViolations } from "../helpers/browser";
import { directusCli, packPackage, runCommand } from "../helpers/cli";
import {
  type CorpusInstance,
  seedAgencyInstance,
  seedIntegrationsInstance,
  seedUpgradedInstance,
} from "../helpers/corpus";
import type { DirectusServer } from "../helpers/directus";
import { REPO_ROOT } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { accessControlSnapshot } from "../helpers/snapshot";
import { TestStack } from "../helpers/stack";

const CORPUS: readonly [string, (server: DirectusServer) => Promise<CorpusInstance>][] = [
  ["upgraded-from-10", seedUpgradedInstance],
  ["integrations", seedIntegrationsInstance],
  ["agency", seedAgencyInstance],
];

/** One line per instance and version in .local/corpus-results.jsonl (the table of the README's corpus section). */
function record(result: Record<string, unknown>): void {
  mkdirSync(path.join(REPO_ROOT, ".local"), { recursive: true });
  appendFileSync(path.join(REPO_ROOT, ".local", "corpus-results.jsonl"), `${JSON.stringify(result)}\n`);
}

let tarball: string;
const out = mkdtempSync(path.join(tmpdir(), "pulumi-directus-corpus-"));
/** The first project's node_modules, which the others link to (same package.json). */
let sharedModules: string | undefined;

beforeAll(async () => {
  tarball = await packPackage();
});
afterAll(() => {
  if (tarball) rmSync(path.dirname(tarball), { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

async function install(project: string): Promise<void> {
  if (sharedModules) {
    symlinkSync(sharedModules, path.join(project, "node_modules"), "dir");
    return;
  }
  const run = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
  expect(run).toMatchObject({ code: 0 });
  sharedModules = path.join(project, "node_modules");
}

describe.each(DIRECTUS_VERSIONS)("import of realistic instances on Directus %s", (version) => {
  describe.each(CORPUS)("%s", (name, seed) => {
    const live = useDirectus(version);
    const project = path.join(out, `${version}-${name}`, "directus-imported");
    let instance: CorpusInstance;
    let before: string;
    let stack: TestStack;
    const result: Record<string, unknown> = { version, instance: name };

    beforeAll(async () => {
      instance = await seed(live.server);
      before = await accessControlSnapshot(live.server);
      const rows = (JSON.parse(before) as { permissions: unknown[] }).permissions.length;
      Object.assign(result, { permissionRows: rows });
    });
    afterAll(() => {
      stack?.dispose();
      record(result);
    });

    it("imports to a project that reports nothing it would refuse", async () => {
      const started = Date.now();
      const run = await directusCli(live.server, ["import", "--out", project, "--package-spec", `file:${tarball}`]);
      result.importSeconds = (Date.now() - started) / 1000;
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain("would refuse");
      const index = readFileSync(path.join(project, "index.ts"), "utf8");
      expect(index).not.toContain(live.server.token);
      expect(index).not.toContain("corpus-");
      // Acknowledgements are pinned to what they cover.
      const acks = [...index.matchAll(/rule: "DSEC-\d+",\s*(covers: \[)?/g)];
      for (const ack of acks) expect(ack[1]).toBeDefined();
      for (const pattern of instance.generated) expect(index).toMatch(pattern);
    });

    it("pulumi up takes it over with creates only and leaves it byte-identical; preview is then clean", async () => {
      await install(project);
      stack = new TestStack(`corpus-${name}`, live.server, {}, project);
      const started = Date.now();
      const up = await stack.ok("up");
      result.upSeconds = (Date.now() - started) / 1000;
      result.upSummary = up.summary;
      expect(Object.keys(up.summary ?? {}).sort()).toEqual(["create"]);
      expect(await accessControlSnapshot(live.server)).toBe(before);
      const previewStarted = Date.now();
      expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
      result.previewSeconds = (Date.now() - previewStarted) / 1000;
      result.identical = true;
      expect(stack.rawState()).not.toContain(live.server.token);
    });

    it("a new public write is refused at preview although another one is acknowledged; review says refused", async () => {
      if (!instance.publicWrite) {
        // Only the instances with a public write before import take this test; the agency takes the next.
        expect(instance.name).toBe("agency");
        return;
      }
      const indexFile = path.join(project, "index.ts");
      const index = readFileSync(indexFile, "utf8");
      const { collection, action } = instance.publicWrite;
      expect(index).toContain(`covers: ["${collection}:${action}"]`);
      const widened = index.replace(
        /(new directus\.PublicAccess\("public", \{\s*permissions: \[)/,
        `$1\n{ collection: "${collection === "contact_form" ? "articles" : "products"}", action: "update" },`,
      );
      expect(widened).not.toBe(index);
      writeFileSync(indexFile, widened);
      try {
        const untouched = await accessControlSnapshot(live.server);
        await stack.run("outputs"); // applies the stack's config before the raw CLI call
        const preview = await stack.cli.operation("preview", ["--json"]);
        expect(preview.code).not.toBe(0);
        expect(preview.stdout).toContain("DSEC-001");
        const previewFile = path.join(out, `${version}-${name}-preview.json`);
        writeFileSync(previewFile, preview.stdout);
        const review = await directusCli(live.server, ["review", "--preview", previewFile]);
        expect(review.stdout).toMatch(/Refused/);
        expect(review.stdout).toContain("DSEC-001");
        const up = await stack.run("up", ["--skip-preview"]);
        expect(up.code).not.toBe(0);
        expect(await accessControlSnapshot(live.server)).toBe(untouched);
      } finally {
        writeFileSync(indexFile, index);
      }
    });

    it("agency: a widening change reviewed as HTML marks its cells in a real browser, and nothing is written", async () => {
      if (name !== "agency") return; // the other instances take the refusal test above
      const indexFile = path.join(project, "index.ts");
      const index = readFileSync(indexFile, "utf8");
      // Reviewers (held by Editors, whose child role is Publishers) may now delete pages.
      const widened = index.replace(
        /(new directus\.Policy\("reviewers", \{[\s\S]*?permissions: \[)/,
        '$1\n{ collection: "pages", action: "delete" },',
      );
      expect(widened).not.toBe(index);
      writeFileSync(indexFile, widened);
      const browser = await launchChromium();
      try {
        const untouched = await accessControlSnapshot(live.server);
        await stack.run("outputs"); // applies the stack's config before the raw CLI call
        const preview = await stack.cli.operation("preview", ["--json", "--show-sames"]);
        expect(preview.code).toBe(0);
        const previewFile = path.join(out, `${version}-${name}-preview.json`);
        writeFileSync(previewFile, preview.stdout);
        const review = await directusCli(live.server, ["review", "--preview", previewFile, "--format", "html"]);
        expect(review.code).toBe(0);
        const reviewFile = path.join(out, `${version}-${name}-review.html`);
        writeFileSync(reviewFile, review.stdout);
        const { page, renderMs, bytes, close } = await openReport(browser, reviewFile);
        Object.assign(result, { reviewRenderMs: Math.round(renderMs), reviewBytes: bytes });
        try {
          expect(await page.textContent(".verdict")).toMatch(/^Widens access\./);
          const marked = await page.$$eval("table.matrix td.wide", (cells) =>
            cells.map((cell) => `${cell.getAttribute("title")} = ${cell.textContent}`),
          );
          // The Reviewers policy, and the roles Editors and Publishers (through its parent) that hold it.
          const fromReviewers = "pages delete: every field of every item; from Reviewers; this change grants more = +A";
          expect(marked.sort()).toEqual([
            fromReviewers,
            fromReviewers,
            "pages delete: every field of every item; this change grants more = +A",
          ]);
          const heads = await page.$$eval("table.matrix th.who", (ths) =>
            ths.map((th) => th.getAttribute("data-name")),
          );
          const columns = await page.$$eval("table.matrix td.wide", (cells) => cells.map((cell) => cell.className));
          const groups = columns.map((css) => heads[Number(/p(\d+)/.exec(css)?.[1])]).sort();
          expect(groups).toEqual(["policy: reviewers", "role: editors", "role: publishers"]);
          expect(await page.locator("table.matrix td.narrow").count()).toBe(0);
          expect(await page.textContent("body")).not.toContain("Only the changed resources are drawn");
          await page.locator("table.matrix td.wide").first().scrollIntoViewIfNeeded();
          await screenshot(page, `review-${version}`);
          // The matrix itself is checked on the audit report (html-report.test.ts); here the rest of the page.
          expect(await seriousViolations(page, ["table.matrix"])).toEqual([]);
        } finally {
          await close();
        }
        expect(await accessControlSnapshot(live.server)).toBe(untouched);
      } finally {
        await browser.close();
        writeFileSync(indexFile, index);
      }
    });

    it("destroy leaves the instance as it was", async () => {
      await stack.ok("destroy");
      expect(await accessControlSnapshot(live.server)).toBe(before);
      result.destroyRestores = true;
    });
  });
});
