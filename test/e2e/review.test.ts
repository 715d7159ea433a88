import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatReview, type Review, readPreviewFile, reviewHtml, reviewPreview } from "../../provider/cli/review";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ensureCollection } from "../helpers/schema";
import { accessControlSnapshot } from "../helpers/snapshot";
import { TestStack } from "../helpers/stack";

const VARIANT = "directus-review:variant";

interface PreviewReview {
  readonly code: number | null;
  readonly review: Review;
  readonly markdown: string;
  readonly html: string;
}

/**
 * What the CI workflow (examples/ci/review.yml) does: `pulumi preview --json --show-sames > preview.json`,
 * kept whatever the exit code, then the Markdown and the HTML review of that file.
 */
async function reviewOfPreview(stack: TestStack, dir: string): Promise<PreviewReview> {
  await stack.run("outputs"); // applies the stack's config, as every TestStack command does first
  const run = await stack.cli.operation("preview", ["--json", "--show-sames"]);
  const file = path.join(dir, `preview-${Date.now()}.json`);
  writeFileSync(file, run.stdout);
  const review = reviewPreview(readPreviewFile(file));
  return { code: run.code, review, markdown: formatReview(review), html: reviewHtml(readPreviewFile(file), "test") };
}

function details(changes: Review["widened"], key: string): string[] {
  return changes.find((c) => `${c.kind}:${c.name}` === key)?.details ?? [];
}

describe.each(DIRECTUS_VERSIONS)("pulumi-directus review of real previews on Directus %s", (version) => {
  const live = useDirectus(version);
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-review-"));
    await ensureCollection(live.server, "posts", ["title", "status"]);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the public write and the admin grant as widened, and as narrowed when they are taken back", async () => {
    const stack = new TestStack("examples/review", live.server, { [VARIANT]: "baseline" });
    try {
      await stack.ok("up");

      stack.setConfig(VARIANT, "open");
      const opening = await reviewOfPreview(stack, dir);
      expect(opening.code).toBe(0);
      expect(opening.review.refused).toBe(false);
      expect(opening.review.widened.map((c) => `${c.kind}:${c.name}`)).toEqual([
        "PublicAccess:public",
        "Policy:operators",
        "PolicyAttachment:editors-operators",
      ]);
      expect(details(opening.review.widened, "PublicAccess:public")).toContain(
        "public: + create on posts (all fields)",
      );
      expect(details(opening.review.widened, "Policy:operators")).toContain("adminAccess: true");
      expect(details(opening.review.widened, "PolicyAttachment:editors-operators")).toEqual([
        "attaches admin Policy 'operators' to Role 'editors'",
      ]);
      expect(opening.review.narrowed).toEqual([]);
      expect(opening.review.findings).toContainEqual(
        expect.objectContaining({ severity: "warning", ruleId: "DSEC-001", resource: "PublicAccess:public" }),
      );
      expect(opening.markdown).toContain("**Widens access.** 3 change(s) grant more access");
      expect(opening.html).toMatch(
        /<td class="p0 all wide"[^>]*title="posts create: every field of every item; from [^"]*; this change grants more">\+A<\/td>/,
      );
      expect(opening.markdown.indexOf("### Access widened")).toBeLessThan(
        opening.markdown.indexOf("### Rule findings"),
      );

      await stack.ok("up");

      stack.setConfig(VARIANT, "baseline");
      const closing = await reviewOfPreview(stack, dir);
      expect(closing.code).toBe(0);
      expect(closing.review.widened).toEqual([]);
      expect(closing.review.narrowed.map((c) => [`${c.kind}:${c.name}`, c.op])).toEqual([
        ["PublicAccess:public", "delete"],
        ["Policy:operators", "delete"],
        ["PolicyAttachment:editors-operators", "delete"],
      ]);
      expect(details(closing.review.narrowed, "PublicAccess:public")).toContain(
        "public: - create on posts (all fields)",
      );
      expect(details(closing.review.narrowed, "PolicyAttachment:editors-operators")).toEqual([
        "detaches admin Policy 'operators' from Role 'editors'",
      ]);
      expect(closing.markdown).toContain("**Narrows access only.**");
      expect(closing.markdown).not.toContain("### Access widened");
      // The HTML matrix: the public create on posts goes, and the unchanged resources are drawn too.
      expect(closing.html).toMatch(
        /<td class="p0 none narrow"[^>]*title="posts create: no access; this change grants less">\u2212\u00b7<\/td>/,
      );
      expect(closing.html).not.toContain("Only the changed resources are drawn");

      await stack.ok("destroy");
    } finally {
      stack.dispose();
    }
  });

  it("reviews a refused preview: its JSON is printed despite the failure, and the review says refused and why", async () => {
    const stack = new TestStack("examples/review", live.server, { [VARIANT]: "unacknowledged" });
    try {
      const before = await accessControlSnapshot(live.server);
      const refused = await reviewOfPreview(stack, dir);
      expect(refused.code).not.toBe(0);
      expect(refused.review.refused).toBe(true);
      expect(refused.review.findings).toContainEqual(
        expect.objectContaining({
          severity: "error",
          ruleId: "DSEC-001",
          ruleName: "public-write",
          resource: "PublicAccess:public",
          message: expect.stringContaining("the public may create items of 'posts'"),
        }),
      );
      expect(refused.markdown).toContain("**Refused.**");
      expect(refused.markdown).toMatch(/- \*\*error\*\* `DSEC-001 public-write` — `PublicAccess:public`/);
      expect(await accessControlSnapshot(live.server)).toBe(before);
    } finally {
      stack.dispose();
    }
  });
});
