import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MatrixCell } from "../../provider/cli/audit-report";
import { cellKey } from "../../provider/cli/html/matrix";
import { escapeMarkdown } from "../../provider/cli/markdown";
import {
  formatReview,
  type Review,
  type ReviewChange,
  readPreviewFile,
  reviewHtml,
  reviewMatrix,
  reviewPreview,
} from "../../provider/cli/review";
import { cellChange } from "../../provider/cli/review/matrix";
import { parsePreview } from "../../provider/cli/review/preview-json";

/**
 * The fixtures are real `pulumi preview --json` outputs of examples/review (baseline-to-open,
 * open-to-baseline, refused) and of a program with a change on every resource kind (mixed-update,
 * refused-partial), with the serialized provider code and stack traces shortened.
 */
const FIXTURES = path.join(__dirname, "..", "fixtures", "review");

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
}

function byName(changes: readonly ReviewChange[]): Record<string, string[]> {
  return Object.fromEntries(changes.map((c) => [`${c.kind}:${c.name}`, c.details]));
}

// --- synthetic steps, shaped like the captured ones ---

const STACK = "urn:pulumi:dev::access-review::pulumi:pulumi:Stack::access-review-dev";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PUBLIC_POLICY = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

function urnOf(kind: string, name: string): string {
  return `urn:pulumi:dev::access-review::pulumi-nodejs:dynamic/directus:${kind}::${name}`;
}

interface StateSpec {
  readonly inputs: Record<string, unknown>;
  readonly id?: string;
  readonly outputs?: Record<string, unknown>;
  readonly deps?: Record<string, string[]>;
}

function state(kind: string, name: string, spec: StateSpec) {
  const urn = urnOf(kind, name);
  const internal = { __createKey: `access-review/dev/${kind}:${name}`, __provider: "exports.handler = __f0;" };
  return {
    urn,
    custom: true,
    ...(spec.id ? { id: spec.id } : {}),
    type: `pulumi-nodejs:dynamic/directus:${kind}`,
    inputs: { ...internal, ...spec.inputs },
    ...(spec.outputs ? { outputs: { ...spec.outputs, managedBy: "access-review/dev" } } : {}),
    parent: STACK,
    propertyDependencies: { __createKey: [], __guard: [], __provider: [], ...spec.deps },
  };
}

function step(op: string, kind: string, name: string, before?: StateSpec, after?: StateSpec) {
  return {
    op,
    urn: urnOf(kind, name),
    provider: "urn:pulumi:dev::access-review::pulumi:providers:pulumi-nodejs::default::0",
    ...(before ? { oldState: state(kind, name, before) } : {}),
    ...(after ? { newState: state(kind, name, after) } : {}),
    detailedDiff: null,
  };
}

function preview(steps: unknown[], diagnostics: unknown[] = []) {
  const stackStep = {
    op: "same",
    urn: STACK,
    oldState: { urn: STACK, type: "pulumi:pulumi:Stack" },
    detailedDiff: null,
  };
  return { config: {}, steps: [stackStep, ...steps], diagnostics, duration: 1, changeSummary: { same: 1 } };
}

function permission(collection: string, action: string, extra: Record<string, unknown> = {}) {
  return { action, collection, fields: ["*"], filter: null, presets: null, validation: null, ...extra };
}

const settings = (inputs: Record<string, unknown>): StateSpec => ({ inputs: { production: false, ...inputs } });

describe("reviewPreview on real previews of examples/review", () => {
  it("baseline → open: the public write and the admin grant are widened, with the acknowledged findings", () => {
    const review = reviewPreview(fixture("baseline-to-open"));
    expect(byName(review.widened)).toEqual({
      "PublicAccess:public": [
        "public: + create on posts (all fields)",
        "acknowledges DSEC-001: guest posts are moderated before they are published",
      ],
      "Policy:operators": [
        'policy "Operators (dev)" created',
        "adminAccess: true",
        "appAccess: true",
        "enforceTfa: true",
        "acknowledges DSEC-004: a second admin policy for the on-call editors, reviewed",
      ],
      "PolicyAttachment:editors-operators": ["attaches admin Policy 'operators' to Role 'editors'"],
    });
    expect(review.narrowed).toEqual([]);
    expect(review.other).toEqual([]);
    expect(review.refused).toBe(false);
    expect(review.findings.map((f) => [f.severity, f.ruleId, f.resource, f.property])).toEqual([
      ["warning", "DSEC-001", "PublicAccess:public", "permissions[0]"],
      ["warning", "DSEC-004", "Policy:operators", "adminAccess"],
      ["warning", undefined, "PublicAccess:public", "permissions"],
    ]);
    expect(review.findings[2]?.message).toMatch(/^taking over the existing object changes it: permissions: add create/);
    expect(review.counts).toEqual({ widened: 3, narrowed: 0, other: 0, create: 3, same: 5 });
  });

  it("open → baseline: the same grants are narrowed", () => {
    const review = reviewPreview(fixture("open-to-baseline"));
    expect(review.widened).toEqual([]);
    expect(byName(review.narrowed)).toEqual({
      "PublicAccess:public": [
        "public: - create on posts (all fields)",
        "no longer acknowledges DSEC-001: guest posts are moderated before they are published",
      ],
      "Policy:operators": [
        'policy "Operators (dev)" deleted (had adminAccess, appAccess)',
        "no longer acknowledges DSEC-004: a second admin policy for the on-call editors, reviewed",
      ],
      "PolicyAttachment:editors-operators": ["detaches admin Policy 'operators' from Role 'editors'"],
    });
    expect(review.narrowed.map((c) => c.op)).toEqual(["delete", "delete", "delete"]);
    expect(formatReview(review)).toContain("**Narrows access only.**");
  });

  it("a refused preview: refused, with the rule finding once (the program and the provider's check both report it)", () => {
    const review = reviewPreview(fixture("refused"));
    expect(review.refused).toBe(true);
    expect(review.findings).toEqual([
      {
        severity: "error",
        ruleId: "DSEC-001",
        ruleName: "public-write",
        resource: "PublicAccess:public",
        property: "permissions[0]",
        message: expect.stringMatching(/^the public may create items of 'posts'\. .* Fix: Grant only `read`/),
      },
      {
        severity: "warning",
        resource: "PublicAccess:public",
        property: "permissions",
        message: expect.stringMatching(/^taking over the existing object changes it/),
      },
    ]);
    const markdown = formatReview(review);
    expect(markdown).toContain("**Refused.**");
    expect(markdown).toContain("`DSEC-001 public-write`");
    expect(markdown).not.toContain("refused this program: 1 problem");
  });
});

describe("reviewPreview on a real preview with a change on every resource kind", () => {
  const review = reviewPreview(fixture("mixed-update"));

  it("classifies each change by what it does to access", () => {
    expect(byName(review.widened)).toEqual({
      "PublicAccess:public": ["public: + create on posts (all fields)"],
      "Policy:p": [
        "adminAccess: false → true",
        "appAccess: false → true",
        "enforceTfa: true → false (2FA no longer required)",
        "ipAccess: 10.0.0.0/8 → unrestricted",
        "permissions: + update on posts (all fields)",
        "permissions: - delete on posts (all fields)",
        "description: first → second",
      ],
      "Permission:q-create": [`Policy 'q': create on posts: filter removed (was {"status":{"_eq":"draft"}})`],
      "Permission:q-read": ["Policy 'q': + update on posts (all fields)", "Policy 'q': - read on posts (all fields)"],
      "PolicyAttachment:att": ["attaches admin Policy 'p' to Role 'other'", "detaches Policy 'p' from Role 'editors'"],
      "ServiceAccount:robot": ["role: none → Role 'editors'"],
      "SecuritySettings:security": [
        "passwordPolicy: strong → weak (weaker)",
        "loginAttempts: 5 → unlimited",
        "publicRegistration.enabled: false → true",
      ],
    });
    expect(byName(review.other)).toEqual({
      "PolicyAttachment:att-sort": ["sort: 1 → 2"],
      "Role:editors": ["name: Editors → Editors *renamed*", "icon: edit → star"],
    });
    expect(review.narrowed).toEqual([]);
  });

  it("orders the lists by kind then name, and counts them beside the engine's summary", () => {
    expect(review.widened.map((c) => c.kind)).toEqual([
      "PublicAccess",
      "Policy",
      "Permission",
      "Permission",
      "PolicyAttachment",
      "ServiceAccount",
      "SecuritySettings",
    ]);
    expect(review.counts).toEqual({ widened: 7, narrowed: 0, other: 2, update: 7, replace: 2, same: 3 });
  });

  it("keeps acknowledged findings as warnings with their reason", () => {
    expect(review.findings.map((f) => f.ruleId)).toEqual(["DSEC-001", "DSEC-004", "DSEC-005", "DSEC-008", "DSEC-101"]);
    expect(review.findings[0]?.message).toBe(
      "acknowledged: the public may create items of 'posts' - reason: reviewed: the fixture accepts DSEC-001 here",
    );
  });

  it("a refused preview whose plan stops short: errors first, parsed from the program's messages", () => {
    const refused = reviewPreview(fixture("refused-partial"));
    expect(refused.refused).toBe(true);
    // "bad" never reached the plan (the engine stopped short): its refused admin grant still shows as widening.
    expect(refused.widened.map((c) => c.name)).toEqual(["public", "bad", "p", "security"]);
    const bad = refused.widened.find((c) => c.name === "bad");
    expect(bad).toMatchObject({ kind: "Policy", op: "refused" });
    expect(bad?.details[0]).toMatch(/^refused: adminAccess: /);
    const errors = refused.findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.ruleId, f.resource, f.property])).toEqual([
      ["DSEC-004", "Policy:bad", "adminAccess"],
      ["DSEC-005", "Policy:bad", "enforceTfa"],
    ]);
    expect(refused.findings.slice(0, 2)).toEqual(errors);
  });
});

describe("classification", () => {
  const widenedDetails = (steps: unknown[], diagnostics: unknown[] = []) =>
    byName(reviewPreview(preview(steps, diagnostics)).widened);
  const narrowedDetails = (steps: unknown[]) => byName(reviewPreview(preview(steps)).narrowed);
  const otherDetails = (steps: unknown[]) => byName(reviewPreview(preview(steps)).other);

  it("public access: fields widened, filter added, a permission removed", () => {
    const before = {
      inputs: {
        policy: PUBLIC_POLICY,
        permissions: [permission("posts", "read", { fields: ["title"] }), permission("pages", "read")],
      },
    };
    const after = {
      inputs: {
        policy: PUBLIC_POLICY,
        permissions: [permission("posts", "read", { filter: { status: { _eq: "published" } } })],
      },
    };
    const review = reviewPreview(preview([step("update", "PublicAccess", "public", before, after)]));
    expect(byName(review.widened)).toEqual({
      "PublicAccess:public": [
        "public: read on posts: fields title → *",
        'public: read on posts: filter added: {"status":{"_eq":"published"}}',
        "public: - read on pages (all fields)",
      ],
    });
  });

  it("a new PublicAccess on another policy makes that policy public", () => {
    const helpers = urnOf("Policy", "helpers");
    const after = {
      inputs: { policy: UNKNOWN, permissions: [permission("posts", "read")] },
      deps: { policy: [helpers] },
    };
    expect(widenedDetails([step("create", "PublicAccess", "public", undefined, after)])).toEqual({
      "PublicAccess:public": ["makes Policy 'helpers' public", "public: + read on posts (all fields)"],
    });
  });

  it("a Permission on a policy that is public in this program, by id or through a new policy's URN", () => {
    const helpers = urnOf("Policy", "helpers");
    const spec = (policy: string, deps: Record<string, string[]> = {}) => ({
      inputs: { policy, ...permission("posts", "create") },
      deps,
    });
    const steps = [
      step("create", "Policy", "helpers", undefined, {
        inputs: { name: "Helpers", adminAccess: false, appAccess: false, enforceTfa: false, ipAccess: null },
      }),
      step("create", "PublicAccess", "public", undefined, {
        inputs: { policy: UNKNOWN, permissions: [] },
        deps: { policy: [helpers] },
      }),
      step("create", "Permission", "helpers-create", undefined, spec(UNKNOWN, { policy: [helpers] })),
      step("create", "Permission", "built-in-create", undefined, spec(PUBLIC_POLICY)),
      step("create", "Permission", "private-create", undefined, spec("6bb23d16-3b53-8539-963f-0c95e7201de7")),
    ];
    const details = widenedDetails(steps);
    expect(details["Permission:helpers-create"]).toEqual(["public: + create on posts (all fields)"]);
    expect(details["Permission:built-in-create"]).toEqual(["public: + create on posts (all fields)"]);
    expect(details["Permission:private-create"]).toEqual([
      "Policy 6bb23d16-3b53-8539-963f-0c95e7201de7: + create on posts (all fields)",
    ]);
    expect(otherDetails(steps)).toEqual({ "Policy:helpers": ['policy "Helpers" created'] });
  });

  it("a replacement split into create-replacement and delete-replaced is one change", () => {
    const id = "e7ff82aa-bbb7-8026-9b94-8f93ddc12311";
    const before = { id: "3", inputs: { policy: id, ...permission("posts", "read") } };
    const after = { inputs: { policy: id, ...permission("posts", "delete") } };
    const review = reviewPreview(
      preview([
        step("create-replacement", "Permission", "q", undefined, after),
        step("delete-replaced", "Permission", "q", before),
      ]),
    );
    expect(review.widened).toEqual([
      {
        urn: urnOf("Permission", "q"),
        kind: "Permission",
        name: "q",
        op: "replace",
        details: [`Policy ${id}: + delete on posts (all fields)`, `Policy ${id}: - read on posts (all fields)`],
      },
    ]);
  });

  it("policy flags: 2FA turned on, app access off and an IP restriction are narrower", () => {
    const before = { inputs: { name: "P", adminAccess: false, appAccess: true, enforceTfa: false, ipAccess: null } };
    const after = {
      inputs: { name: "P", adminAccess: false, appAccess: false, enforceTfa: true, ipAccess: ["10.0.0.0/8"] },
    };
    expect(narrowedDetails([step("update", "Policy", "p", before, after)])).toEqual({
      "Policy:p": ["appAccess: true → false", "enforceTfa: false → true", "ipAccess: unrestricted → 10.0.0.0/8"],
    });
  });

  it("an IP range added to the allowed list is wider; an adopted field the program lets go is no access change", () => {
    const before = { inputs: { name: "P", adminAccess: true, ipAccess: ["10.0.0.0/8"], adoptId: "a" } };
    const after = { inputs: { name: "P", ipAccess: ["10.0.0.0/8", "192.168.0.0/16"], adoptId: "a" } };
    expect(widenedDetails([step("update", "Policy", "admin", before, after)])).toEqual({
      "Policy:admin": [
        "ipAccess: 10.0.0.0/8 → 10.0.0.0/8, 192.168.0.0/16",
        "adminAccess: true → no longer managed (left as it is)",
      ],
    });
  });

  it("a policy that stops managing its permissions inline or its IP list leaves them as they are", () => {
    const before = {
      inputs: { name: "P", ipAccess: ["10.0.0.0/8"], adoptId: "a", permissions: [permission("posts", "read")] },
    };
    const after = { inputs: { name: "P", adoptId: "a" } };
    expect(otherDetails([step("update", "Policy", "p", before, after)])).toEqual({
      "Policy:p": [
        "ipAccess: 10.0.0.0/8 → no longer managed (left as it is)",
        "permissions: no longer managed inline (the policy's permissions stay as they are)",
      ],
    });
  });

  it("a value known only after apply counts as wider", () => {
    const before = { inputs: { name: "P", adminAccess: false } };
    const after = { inputs: { name: "P", adminAccess: UNKNOWN } };
    expect(widenedDetails([step("update", "Policy", "p", before, after)])).toEqual({
      "Policy:p": ["adminAccess: false → (known after apply; review it after the change)"],
    });
  });

  it("policy attachments to users and to an admin policy found by id", () => {
    const admin = "7a7f61cb-8819-8a9e-8513-df9dbcb97bc5";
    const user = "f36b1ac4-2655-81a1-b289-0eba75b771a8";
    const steps = [
      step(
        "update",
        "Policy",
        "administrator",
        { id: admin, inputs: { name: "Admin", adminAccess: false, adoptId: admin } },
        { inputs: { name: "Admin", adminAccess: true, adoptId: admin } },
      ),
      step("create", "PolicyAttachment", "ops", undefined, { inputs: { policy: admin, user, sort: null } }),
    ];
    expect(widenedDetails(steps)["PolicyAttachment:ops"]).toEqual([`attaches admin Policy ${admin} to user ${user}`]);
  });

  it("service accounts: created is wider; suspended or deleted is narrower; token rotation is another change", () => {
    const account = (inputs: Record<string, unknown>) => ({
      inputs: { email: "robot@example.com", firstName: null, lastName: null, role: null, status: "active", ...inputs },
    });
    expect(widenedDetails([step("create", "ServiceAccount", "robot", undefined, account({}))])).toEqual({
      "ServiceAccount:robot": ["service account robot@example.com created with a static token, role none"],
    });
    expect(
      narrowedDetails([step("update", "ServiceAccount", "robot", account({}), account({ status: "suspended" }))]),
    ).toEqual({
      "ServiceAccount:robot": ["status: active → suspended"],
    });
    expect(narrowedDetails([step("delete", "ServiceAccount", "robot", account({}))])).toEqual({
      "ServiceAccount:robot": ["service account robot@example.com deleted (its token stops working)"],
    });
    expect(
      otherDetails([step("update", "ServiceAccount", "robot", account({ rotation: "1" }), account({ rotation: "2" }))]),
    ).toEqual({
      "ServiceAccount:robot": ["token rotated"],
    });
  });

  it("roles: a new parent is wider (its policies are inherited), a created role is another change", () => {
    const parent = urnOf("Role", "operators");
    const before = { inputs: { name: "Night", description: null, icon: "x", parent: null } };
    const after = {
      inputs: { name: "Night", description: null, icon: "x", parent: UNKNOWN },
      deps: { parent: [parent] },
    };
    expect(widenedDetails([step("update", "Role", "night", before, after)])).toEqual({
      "Role:night": ["parent: none → Role 'operators' (a role inherits its parent's policies)"],
    });
    expect(otherDetails([step("create", "Role", "night", undefined, before)])).toEqual({
      "Role:night": ['role "Night" created'],
    });
  });

  it("security settings: stronger password and fewer login attempts are narrower; a custom regex is another change", () => {
    const narrower = step(
      "update",
      "SecuritySettings",
      "security",
      settings({ passwordPolicy: "weak", loginAttempts: 25 }),
      settings({ passwordPolicy: "strong", loginAttempts: 5 }),
    );
    expect(narrowedDetails([narrower])).toEqual({
      "SecuritySettings:security": ["passwordPolicy: weak → strong (stronger)", "loginAttempts: 25 → 5"],
    });
    const custom = step(
      "update",
      "SecuritySettings",
      "security",
      settings({ passwordPolicy: "strong" }),
      settings({ passwordPolicy: { regex: "^.{12,}$" } }),
    );
    expect(otherDetails([custom])).toEqual({
      "SecuritySettings:security": ["passwordPolicy: strong → custom regex ^.{12,}$"],
    });
    const none = step(
      "update",
      "SecuritySettings",
      "security",
      settings({ passwordPolicy: { regex: "^.{12,}$" } }),
      settings({ passwordPolicy: "none" }),
    );
    expect(widenedDetails([none])).toEqual({
      "SecuritySettings:security": ["passwordPolicy: custom regex ^.{12,}$ → none (no password rules)"],
    });
  });

  it("security settings released on delete are compared with the values they go back to", () => {
    const before = {
      ...settings({ passwordPolicy: "strong", loginAttempts: 5 }),
      outputs: { restore: { auth_password_policy: null, auth_login_attempts: 25 } },
    };
    expect(widenedDetails([step("delete", "SecuritySettings", "security", before)])).toEqual({
      "SecuritySettings:security": [
        "settings released: the values from before the stack are restored",
        "passwordPolicy: strong → none (no password rules)",
        "loginAttempts: 5 → 25",
      ],
    });
  });

  it("public registration: enabled, without email verification, with a role", () => {
    const off = { enabled: false, verifyEmail: true, role: null, emailFilter: null };
    const on = { enabled: true, verifyEmail: false, role: "f36b1ac4-2655-81a1-b289-0eba75b771a8", emailFilter: null };
    const change = step(
      "update",
      "SecuritySettings",
      "security",
      settings({ publicRegistration: off }),
      settings({ publicRegistration: on }),
    );
    expect(widenedDetails([change])).toEqual({
      "SecuritySettings:security": [
        "publicRegistration.enabled: false → true",
        "publicRegistration.verifyEmail: true → false",
        "publicRegistration.role: none → f36b1ac4-2655-81a1-b289-0eba75b771a8",
      ],
    });
  });

  it("leaves out unchanged resources, the stack and providers; lists other packages' resources as other changes", () => {
    const bucket = {
      op: "create",
      urn: "urn:pulumi:dev::access-review::aws:s3/bucketV2:BucketV2::uploads",
      newState: { type: "aws:s3/bucketV2:BucketV2", inputs: { bucket: "uploads" } },
    };
    const same = step("same", "Role", "editors", { inputs: { name: "E" } }, { inputs: { name: "E" } });
    const review = reviewPreview(preview([bucket, same]));
    expect(review.other).toEqual([
      { urn: bucket.urn, kind: "aws:s3/bucketV2:BucketV2", name: "uploads", op: "create", details: ["created"] },
    ]);
    expect([...review.widened, ...review.narrowed]).toEqual([]);
  });

  it("findings: non-rule problems are kept with their property; the refusal's closing line is not a finding", () => {
    const review = reviewPreview(
      preview(
        [],
        [
          {
            message:
              "error: pulumi-nodejs:dynamic/directus:Policy resource 'typo': property (inputs): Unrecognized key: \"appAcess\"\n",
            severity: "error",
          },
          {
            message:
              "error: pulumi-directus refused this program: 1 problem(s), each above. Nothing was written to Directus.\n",
            severity: "error",
          },
          { message: "some debug output\n", severity: "info" },
        ],
      ),
    );
    expect(review.refused).toBe(true);
    expect(review.findings).toEqual([
      { severity: "error", resource: "Policy:typo", property: "(inputs)", message: 'Unrecognized key: "appAcess"' },
    ]);
  });

  it("is deterministic: the order of steps and diagnostics does not change the review", () => {
    const json = fixture("mixed-update") as { steps: unknown[]; diagnostics: unknown[] };
    const shuffled = { ...json, steps: [...json.steps].reverse(), diagnostics: [...json.diagnostics].reverse() };
    expect(formatReview(reviewPreview(shuffled))).toBe(formatReview(reviewPreview(json)));
  });
});

describe("input validation", () => {
  it.each([
    [[], /not the output of 'pulumi preview --json': expected a JSON object, got an array/],
    ["text", /expected a JSON object, got string/],
    [{}, /has neither 'steps' nor 'diagnostics'/],
    [{ deployment: { resources: [] } }, /looks like 'pulumi stack export' output/],
    [{ steps: [{ op: "create" }] }, /at steps\.0\.urn/],
  ])("refuses %j with a clear error", (json, message) => {
    expect(() => reviewPreview(json)).toThrow(message);
  });

  it("reads a preview file, skipping a line printed before the JSON; an empty file says the preview failed early", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "review-"));
    try {
      const file = path.join(dir, "preview.json");
      writeFileSync(file, `Previewing update (dev):\n${JSON.stringify(fixture("refused"))}`);
      expect(reviewPreview(readPreviewFile(file)).refused).toBe(true);
      writeFileSync(file, "");
      expect(() => readPreviewFile(file)).toThrow(/is empty: 'pulumi preview --json' printed no plan/);
      writeFileSync(file, "error: no Pulumi.yaml project file found");
      expect(() => readPreviewFile(file)).toThrow(/is not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("formatReview", () => {
  const change = (kind: string, name: string, details: string[]): ReviewChange => ({
    urn: urnOf(kind, name),
    kind,
    name,
    op: "update",
    details,
  });
  const empty: Review = { widened: [], narrowed: [], other: [], findings: [], refused: false, counts: {} };

  it("puts the widened section first with its warning, then narrowed, other and the findings; empty sections are left out", () => {
    const markdown = formatReview({
      ...empty,
      widened: [change("Policy", "p", ["adminAccess: false → true"])],
      other: [change("Role", "r", ["icon: a → b"])],
      findings: [{ severity: "warning", ruleId: "DSEC-102", ruleName: "app-access-without-tfa", message: "m" }],
      counts: { widened: 1, narrowed: 0, other: 1, update: 2, same: 4 },
    });
    const headings = markdown.split("\n").filter((line) => line.startsWith("#"));
    expect(headings).toEqual([
      "## pulumi-directus review",
      "### Access widened",
      "### Other changes",
      "### Rule findings",
    ]);
    expect(markdown).toContain("**Widens access.** 1 change(s) grant more access");
    expect(markdown).toContain("> **These changes grant more access. Check each one before merging.**");
    expect(markdown).toContain(
      "| Widened | Narrowed | Other | Create | Update | Replace | Delete | Unchanged |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n| 1 | 0 | 1 | 0 | 2 | 0 | 0 | 4 |",
    );
    expect(markdown).toContain("- **Policy** `p` (update)\n  - adminAccess: false → true");
    expect(markdown).toContain("- **warning** `DSEC-102 app-access-without-tfa` — m");
  });

  it("says when nothing changes access", () => {
    expect(formatReview(empty)).toContain("**No access change.**");
    expect(formatReview(empty)).not.toContain("###");
  });

  it("escapes Markdown in names, details and messages", () => {
    const markdown = formatReview({
      ...empty,
      other: [
        change("Role", "a `tick` name", [
          "name: x → *bold* [link](https://example.com) <img> | @team",
          "- starts a list",
        ]),
      ],
    });
    expect(markdown).toContain("- **Role** ``a `tick` name`` (update)");
    expect(markdown).toContain(
      "  - name: x → \\*bold\\* \\[link\\](https://example.com) \\<img\\> \\| \\@team\n  - \\- starts a list",
    );
  });

  it("escapeMarkdown flattens newlines and escapes what could start a list or a heading", () => {
    expect(escapeMarkdown("1. one\n# two")).toBe("1\\. one \\# two");
    expect(escapeMarkdown("+ plus")).toBe("\\+ plus");
  });
});

describe("review matrix", () => {
  const CONTENT = "11111111-1111-4111-8111-111111111111";
  const EDITORS = "22222222-2222-4222-8222-222222222222";
  const policyInputs = (permissions: unknown[], extra: Record<string, unknown> = {}) => ({
    name: "Content",
    adminAccess: false,
    appAccess: true,
    enforceTfa: false,
    ipAccess: null,
    permissions,
    ...extra,
  });
  const same = (kind: string, name: string, spec: StateSpec) => ({ ...step("same", kind, name, spec, spec) });
  /** Editors (unchanged) get Content (changed) through an unchanged attachment; a new policy gets a Permission. */
  const steps = () =>
    preview([
      same("Role", "editors", { id: EDITORS, inputs: { name: "Editors", parent: null } }),
      same("PolicyAttachment", "editors-content", {
        id: "a-1",
        inputs: { policy: CONTENT, role: EDITORS, sort: 1 },
      }),
      step(
        "update",
        "Policy",
        "content",
        { id: CONTENT, inputs: policyInputs([permission("posts", "read"), permission("posts", "delete")]) },
        {
          inputs: policyInputs([
            permission("posts", "read", { filter: { status: { _eq: "published" } } }),
            permission("posts", "update", { fields: ["title"] }),
          ]),
        },
      ),
      step("create", "Policy", "auditors", undefined, {
        inputs: policyInputs([], { name: "Auditors", adminAccess: true }),
      }),
      step("create", "Permission", "auditors-logs", undefined, {
        inputs: { policy: UNKNOWN, ...permission("logs", "read") },
        deps: { policy: [urnOf("Policy", "auditors")] },
      }),
      step("delete", "Policy", "legacy", {
        id: "p-legacy",
        inputs: policyInputs([permission("pages", "read")], { name: "Legacy" }),
      }),
    ]);

  const key = (kind: string, name: string, collection: string, action: "read" | "create" | "update" | "delete") =>
    cellKey(`${kind}:${urnOf(kind === "Role" ? "Role" : "Policy", name)}`, collection, action);

  it("marks every cell the change moves, for the policy and for the role that holds it through an unchanged link", () => {
    const { changes, rowChanges, complete, matrix } = reviewMatrix(parsePreview(steps()).steps ?? []);
    expect(complete).toBe(true);
    for (const [kind, name] of [
      ["Role", "editors"],
      ["Policy", "content"],
    ] as const) {
      expect(changes.get(key(kind, name, "posts", "update"))).toBe("widened");
      expect(changes.get(key(kind, name, "posts", "read"))).toBe("narrowed");
      expect(changes.get(key(kind, name, "posts", "delete"))).toBe("narrowed");
      expect(changes.get(key(kind, name, "posts", "create"))).toBeUndefined();
    }
    expect(rowChanges.get(`Policy:${urnOf("Policy", "auditors")}`)).toBe("widened");
    expect(changes.get(key("Policy", "auditors", "logs", "read"))).toBe("widened");
    // A deleted policy stays as a row, narrowed, so the reader sees what goes.
    expect(rowChanges.get(`Policy:${urnOf("Policy", "legacy")}`)).toBe("narrowed");
    expect(changes.get(key("Policy", "legacy", "pages", "read"))).toBe("narrowed");
    expect(matrix.rows.map((r) => `${r.kind}:${r.name}`)).toEqual([
      "PublicAccess:Public access",
      "Role:Editors",
      "Policy:Auditors",
      "Policy:Content",
      "Policy:Legacy",
    ]);
  });

  it("tells wider from narrower cell by cell: access, fields, validation, and other items", () => {
    const cell = (access: MatrixCell["access"], fields: string[] = ["*"], validation = false): MatrixCell =>
      access === "none" ? { access } : { access, fields, validation, presets: false, policies: ["p"] };
    expect(cellChange(cell("none"), cell("fields", ["title"]), false)).toBe("widened");
    expect(cellChange(cell("full"), cell("none"), false)).toBe("narrowed");
    expect(cellChange(cell("fields", ["a"]), cell("fields", ["a", "b"]), false)).toBe("widened");
    expect(cellChange(cell("fields", ["a", "b"]), cell("fields", ["b", "c"]), false)).toBe("changed");
    expect(cellChange(cell("full", ["*"], true), cell("full"), false)).toBe("widened");
    expect(cellChange(cell("full"), cell("full", ["*"], true), false)).toBe("narrowed");
    // Another filter: same kind of cell, other grants.
    expect(cellChange(cell("filter"), cell("filter"), false)).toBe("changed");
    expect(cellChange(cell("filter"), cell("filter"), true)).toBeUndefined();
  });

  it("html: the verdict, the changes, and the moved cells marked with a sign as well as a frame", () => {
    const html = reviewHtml(steps(), "1.2.3");
    expect(html).toContain('<p class="verdict"><strong class="sev-error">Widens access.</strong>');
    expect(html).toMatch(
      /<td class="p\d+ fld wide" id="review-cell-\d+-\d+-\d+" title="posts update: some fields of every item \(title\); from Content; this change grants more">\+F<\/td>/,
    );
    expect(html).toMatch(
      /<td class="p\d+ none narrow" [^>]*title="posts delete: no access; this change grants less">\u2212\u00b7<\/td>/,
    );
    expect(html).not.toContain("Only the changed resources are drawn");
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
  });

  it("html: a preview without unchanged resources says how to get the whole program", () => {
    const html = reviewHtml(fixture("baseline-to-open"), "1.2.3");
    expect(html).toContain("Run <code>pulumi preview --json --show-sames</code> for the whole program.");
    expect(html).toMatch(/<td class="p0 all wide"[^>]*>\+A<\/td>/);
  });
});
