import type * as Sarif from "sarif";
import {
  type AuditFinding,
  type AuditPrincipal,
  type AuditReport,
  auditExitCode,
  auditPrincipals,
  type FailOn,
  formatAudit,
  type MatrixRow,
  permissionMatrix,
  TEXT_WIDTH,
} from "../../provider/cli/audit-report";
import type { InstanceModel, ModelPermission, ModelPolicy } from "../../provider/model/instance";
import type { PermissionAction } from "../../provider/model/permissions";
import { SECURITY_RULES } from "../../provider/rules/registry";
import { validateSarif } from "../helpers/sarif";

let nextPermissionId = 1;

function permission(
  collection: string,
  action: PermissionAction,
  extra: Partial<Omit<ModelPermission, "collection" | "action" | "id">> = {},
): ModelPermission {
  return {
    id: nextPermissionId++,
    collection,
    action,
    fields: ["*"],
    filter: null,
    validation: null,
    presets: null,
    ...extra,
  };
}

function policy(id: string, name: string, permissions: ModelPermission[], admin = false): ModelPolicy {
  return {
    id,
    name,
    description: null,
    icon: "badge",
    adminAccess: admin,
    appAccess: admin,
    enforceTfa: false,
    ipAccess: null,
    permissions,
  };
}

function role(id: string, name: string, parent: string | null = null) {
  return { id, name, description: null, icon: "supervised_user_circle", parent };
}

const published = { status: { _eq: "published" } };
const own = { author: { _eq: "$CURRENT_USER" } };

/**
 * Editors inherit from Base; Mixed unites a field-limited and a filtered read of `articles`; Admins hold an
 * admin policy; Empty has nothing. `comments` exists but no permission names it.
 */
function model(): InstanceModel {
  return {
    version: "11.5.1",
    customPermissionRules: true,
    roles: [
      role("r-mixed", "Mixed"),
      role("r-editors", "Editors", "r-base"),
      role("r-base", "Base"),
      role("r-empty", "Empty"),
      role("r-admin", "Admins"),
    ],
    policies: [
      policy("p-public", "Public", [
        permission("posts", "read", { filter: published }),
        permission("posts", "create", { presets: { status: "draft" } }),
      ]),
      policy("p-base", "Base reading", [permission("articles", "read", { fields: ["body", "title"] })]),
      policy("p-editors", "Editing", [
        permission("articles", "read"),
        permission("articles", "update", { filter: own }),
        permission("articles", "create", { validation: { title: { _nnull: true } } }),
      ]),
      policy("p-filtered", "Filtered reading", [permission("articles", "read", { filter: published })]),
      policy("p-admin", "Administrator", [], true),
    ],
    links: [
      { id: "l1", policy: "p-base", role: "r-base", sort: 1 },
      { id: "l2", policy: "p-editors", role: "r-editors", sort: 1 },
      { id: "l3", policy: "p-base", role: "r-mixed", sort: 1 },
      { id: "l4", policy: "p-filtered", role: "r-mixed", sort: 2 },
      { id: "l5", policy: "p-admin", role: "r-admin", sort: 1 },
      // A direct user link gives the user more, not the role.
      { id: "l6", policy: "p-admin", user: "u-1", sort: 1 },
    ],
    publicLinks: [{ id: "l0", policy: "p-public" }],
    users: [
      { id: "u-1", email: "a@example.com", firstName: null, lastName: null, role: "r-editors", status: "active" },
    ].map((u) => ({ ...u, serviceAccount: false })),
    settings: {
      projectName: "Site",
      passwordPolicy: "strong",
      loginAttempts: 5,
      publicRegistration: { enabled: false, verifyEmail: true, role: null, emailFilter: null },
    },
    fields: { articles: ["id", "title", "body", "status"], comments: ["id", "text"], posts: ["id", "status"] },
  };
}

function rowNamed(rows: readonly MatrixRow[], kind: MatrixRow["kind"], name: string): MatrixRow {
  const row = rows.find((r) => r.kind === kind && r.name === name);
  if (!row) throw new Error(`no ${kind} row ${name}`);
  return row;
}

function cell(row: MatrixRow, collection: string, action: PermissionAction) {
  return row.cells[collection]?.[action];
}

describe("permissionMatrix", () => {
  const matrix = permissionMatrix(model());

  it("puts public access first, then roles, users with links of their own and policies by name, over sorted collections", () => {
    expect(matrix.rows.map((r) => `${r.kind}:${r.name}`)).toEqual([
      "PublicAccess:Public access",
      "Role:Admins",
      "Role:Base",
      "Role:Editors",
      "Role:Empty",
      "Role:Mixed",
      "User:user a@example.com",
      "Policy:Administrator",
      "Policy:Base reading",
      "Policy:Editing",
      "Policy:Filtered reading",
      "Policy:Public",
    ]);
    expect(matrix.collections).toEqual(["articles", "comments", "posts"]);
    expect(matrix.actions).toEqual(["create", "read", "update", "delete", "share"]);
  });

  it("tells full access from field limits, item filters and both", () => {
    const publicRow = rowNamed(matrix.rows, "PublicAccess", "Public access");
    expect(cell(publicRow, "posts", "read")).toMatchObject({ access: "filter", fields: ["*"], policies: ["p-public"] });
    expect(cell(publicRow, "posts", "create")).toMatchObject({ access: "full", presets: true, validation: false });
    expect(cell(publicRow, "posts", "delete")).toEqual({ access: "none" });
    expect(cell(publicRow, "articles", "read")).toEqual({ access: "none" });

    const base = rowNamed(matrix.rows, "Role", "Base");
    expect(cell(base, "articles", "read")).toMatchObject({ access: "fields", fields: ["body", "title"] });

    // One grant limits fields, the other items: no grant gives every field of every item.
    const mixed = rowNamed(matrix.rows, "Role", "Mixed");
    expect(cell(mixed, "articles", "read")).toMatchObject({
      access: "fields+filter",
      fields: ["*"],
      policies: ["p-base", "p-filtered"],
    });
  });

  it("unites a role's policies with those of its parent role", () => {
    const editors = rowNamed(matrix.rows, "Role", "Editors");
    expect(editors.policies).toEqual(["p-base", "p-editors"]);
    expect(cell(editors, "articles", "read")).toMatchObject({ access: "full", policies: ["p-base", "p-editors"] });
    expect(cell(editors, "articles", "update")).toMatchObject({ access: "filter" });
    expect(cell(editors, "articles", "create")).toMatchObject({ access: "full", validation: true });
    // The parent does not get the child's policies.
    expect(cell(rowNamed(matrix.rows, "Role", "Base"), "articles", "update")).toEqual({ access: "none" });
  });

  it("flags admin access and leaves user links out of roles", () => {
    expect(rowNamed(matrix.rows, "Role", "Admins")).toMatchObject({ adminAccess: true, policies: ["p-admin"] });
    expect(rowNamed(matrix.rows, "Role", "Editors").adminAccess).toBe(false);
    expect(rowNamed(matrix.rows, "Role", "Empty")).toMatchObject({ adminAccess: false, policies: [] });
    expect(rowNamed(matrix.rows, "Policy", "Editing").policies).toEqual(["p-editors"]);
    // The user's row has its own link and what its role (with the role's parent) gives.
    expect(rowNamed(matrix.rows, "User", "user a@example.com")).toMatchObject({
      adminAccess: true,
      policies: ["p-admin", "p-base", "p-editors"],
    });
  });

  it("does not depend on the order of the model's lists", () => {
    const shuffled = model();
    const reversed: InstanceModel = {
      ...shuffled,
      roles: [...shuffled.roles].reverse(),
      policies: [...shuffled.policies].reverse().map((p) => ({ ...p, permissions: [...p.permissions].reverse() })),
      links: [...shuffled.links].reverse(),
      fields: Object.fromEntries(Object.entries(shuffled.fields).reverse()),
    };
    expect(JSON.stringify(permissionMatrix(reversed))).toBe(JSON.stringify(permissionMatrix(shuffled)));
  });

  it("orders roles of the same name by id", () => {
    const twins = { ...model(), roles: [role("r-2", "Twin"), role("r-1", "Twin")] };
    expect(
      permissionMatrix(twins)
        .rows.filter((r) => r.kind === "Role")
        .map((r) => r.id),
    ).toEqual(["r-1", "r-2"]);
  });
});

function finding(
  ruleId: string,
  object: AuditFinding["object"],
  property: string,
  message: string,
  severity: AuditFinding["severity"] = "error",
): AuditFinding {
  const rule = SECURITY_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  return {
    ruleId,
    ruleName: rule.name,
    severity,
    message,
    rationale: rule.rationale,
    remediation: rule.remediation,
    object,
    property,
    target: property,
  };
}

const publicObject = { kind: "PublicAccess", id: "p-public", name: "Public" };
const PLANTED: readonly AuditFinding[] = [
  finding(
    "DSEC-101",
    publicObject,
    "permissions[0]",
    "public read of 'posts' | with all fields\nand no filter",
    "warning",
  ),
  finding("DSEC-005", { kind: "Policy", id: "p-admin", name: "Administrator" }, "enforceTfa", "admin without 2FA"),
  finding("DSEC-001", publicObject, "permissions[1]", "public create on 'posts'"),
];

function report(findings: readonly AuditFinding[] = PLANTED, instance: InstanceModel = model()): AuditReport {
  return {
    instance: { url: "https://cms.example.com", version: "11.5.1" },
    findings,
    matrix: permissionMatrix(instance),
    principals: auditPrincipals(instance),
  };
}

/** The model, plus a helpdesk policy on the Mixed role that may set any user's password. */
function withHelpdesk(): InstanceModel {
  const base = model();
  return {
    ...base,
    policies: [
      ...base.policies,
      policy("p-help", "Helpdesk", [permission("directus_users", "update", { fields: ["password"] })]),
    ],
    links: [...base.links, { id: "l7", policy: "p-help", role: "r-mixed", sort: 3 }],
  };
}

const HELPDESK_PATH =
  'role "Mixed" -> policy "Helpdesk" -> update directus_users.password -> another user\'s sign-in, an administrator\'s included (new password, reset address or static token)';

function sarifOf(findings: readonly AuditFinding[] = PLANTED): Sarif.Log {
  return JSON.parse(formatAudit(report(findings), "sarif", "1.2.3")) as Sarif.Log;
}

describe("formatAudit", () => {
  it.each(["text", "markdown", "json", "sarif", "html"] as const)("%s names every planted finding's rule", (format) => {
    const out = formatAudit(report(), format, "1.2.3");
    for (const f of PLANTED) expect(out).toContain(f.ruleId);
    expect(out.endsWith("\n")).toBe(true);
  });

  it("text: errors first, grouped by rule with its fix once, then summary and matrix", () => {
    const out = formatAudit(report(), "text", "1.2.3");
    const lines = out.split("\n");
    const line = (id: string) => lines.findIndex((l) => l.startsWith(`${id} `));
    expect(line("DSEC-001")).toBeLessThan(line("DSEC-005"));
    expect(line("DSEC-005")).toBeLessThan(line("DSEC-101"));
    const at = line("DSEC-001");
    expect(lines[at]).toMatch(/^DSEC-001 public-write \(1\): /);
    expect(lines.slice(at, at + 6).join("\n")).toContain(`Fix: ${PLANTED[2]?.remediation.split(" ")[0]}`);
    expect(lines.slice(at, at + 8)).toContain(`  PublicAccess "Public" (p-public)`);
    expect(lines.slice(at, at + 8)).toContain("    permissions[1]: public create on 'posts'.");
    // The newline inside a message does not break the layout.
    expect(out).toContain("    permissions[0]: public read of 'posts' | with all fields and no filter.");
    expect(out).toContain("Errors (2)");
    expect(out).toContain("Warnings (1)");
    expect(out).toContain("Summary: 2 errors, 1 warning.");
    expect(out).toMatch(/Legend: full = every field of every item;/);
    expect(out).toMatch(/^Public access {2,}posts {2,}full\+p {2,}filter {2,}- {2,}- {2,}-$/m);
    expect(out).toMatch(/^Role: Editors {2,}articles {2,}full\+v {2,}full {2,}filter {2,}- {2,}-$/m);
    expect(out).toMatch(/^Role: Mixed {2,}articles {2,}- {2,}fields\+filter /m);
    expect(out).toMatch(/^Role: Admins {2,}\(all\) {2,}admin {2,}admin/m);
    expect(out).toMatch(/^Role: Empty {2,}\(none\) {2,}- /m);
    // Columns line up: every matrix line starts its collection at the same offset.
    const tableLines = lines.slice(lines.findIndex((l) => l.startsWith("Who ")));
    const offsets = new Set(tableLines.filter((l) => l !== "").map((l) => l.search(/ {2}\S/)));
    expect(offsets.size).toBe(1);
  });

  it("text: a large instance reads as one line per rule and object, paths in numeric order, within the width", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      finding(
        "DSEC-106",
        { kind: "Policy", id: "p-1", name: "Marketing" },
        `permissions[${11 - i}]`,
        `no collection c${i}`,
        "warning",
      ),
    );
    const out = formatAudit(report(many), "text", "1.2.3");
    const lines = out.split("\n");
    expect(lines.filter((l) => l.includes('Policy "Marketing"'))).toEqual(['  Policy "Marketing" (p-1) - 12 findings']);
    expect(out).toContain("    permissions[0]: no collection c11.");
    expect(out.replace(/\s+/g, " ")).toMatch(
      /also at permissions\[1\], permissions\[2\], .*permissions\[8\], and 3 more/,
    );
    const findingsPart = lines.slice(
      0,
      lines.findIndex((l) => l.startsWith("Summary:")),
    );
    for (const l of findingsPart) expect(l.length).toBeLessThanOrEqual(TEXT_WIDTH);
  });

  it("one finding per problem: the same admin excess on a policy and its link is reported once", () => {
    const message = "the planned end state gives 3 active users admin access (limit 2)";
    const excess = [
      finding("DSEC-004", { kind: "Policy", id: "p-admin", name: "Administrator" }, "adminAccess", message),
      finding("DSEC-004", { kind: "PolicyAttachment", id: "l-1", name: "Administrator → Admins" }, "policy", message),
    ];
    const json = JSON.parse(formatAudit(report(excess), "json", "1.2.3")) as { findings: AuditFinding[] };
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]?.alsoOn).toEqual([{ kind: "PolicyAttachment", id: "l-1", name: "Administrator → Admins" }]);
    expect(formatAudit(report(excess), "text", "1.2.3").replace(/\s+/g, " ")).toContain(
      '(also reported on PolicyAttachment "Administrator → Admins")',
    );
  });

  it("text: strips control characters that come from the instance", () => {
    const hostile = finding("DSEC-001", { kind: "Policy", id: "x", name: "\u001b[31mRed\u001b[0m" }, "p", "m");
    const out = formatAudit(report([hostile]), "text", "1.2.3");
    expect(out).not.toContain("\u001b");
    expect(out).toContain("[31mRed");
  });

  it("markdown: escaped findings table, then the matrix with public access first", () => {
    const out = formatAudit(report(), "markdown", "1.2.3");
    expect(out).toMatch(/^# Directus security audit\n/);
    expect(out).toContain("**Summary:** 2 errors, 1 warning.");
    expect(out).toContain("| Severity | Rule | Object | Property | Finding | Fix |");
    expect(out).toContain("public read of 'posts' \\| with all fields<br>and no filter.");
    expect(out).not.toContain("posts' | with");
    const findingRows = out.split("\n").filter((l) => l.startsWith("| error |") || l.startsWith("| warning |"));
    expect(findingRows).toHaveLength(3);
    for (const row of findingRows) expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    expect(out.indexOf("### Public access")).toBeLessThan(out.indexOf("### Roles"));
    expect(out.indexOf("### Roles")).toBeLessThan(out.indexOf("### Policies"));
    expect(out).toContain("| Role: Editors | articles | full+v | full | filter | - | - |");
    expect(out).toContain("Legend: full = every field of every item;");
  });

  it("markdown: clean report says so, without an empty findings table", () => {
    const out = formatAudit(report([]), "markdown", "1.2.3");
    expect(out).toContain("No findings.");
    expect(out).not.toContain("| Severity |");
  });

  it("json: instance, summary, sorted findings and matrix", () => {
    const parsed = JSON.parse(formatAudit(report(), "json", "1.2.3")) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["instance", "summary", "findings", "matrix", "principals"]);
    expect(parsed.summary).toEqual({ errors: 2, warnings: 1 });
    expect((parsed.findings as AuditFinding[]).map((f) => f.ruleId)).toEqual(["DSEC-001", "DSEC-005", "DSEC-101"]);
    expect(parsed.matrix).toEqual(JSON.parse(JSON.stringify(permissionMatrix(model()))));
    expect(formatAudit(report(), "json", "1.2.3")).toContain('\n  "instance": {');
  });
});

describe("principals in the report", () => {
  it("text: each principal with its policies and the way it holds them, and every path to admin", () => {
    const out = formatAudit(report([], withHelpdesk()), "text", "1.2.3");
    expect(out).toContain("Principals: who can reach what");
    expect(out).toContain("  public: policies Public; no app access; no admin access");
    expect(out).toContain(
      '  role "Editors": policies Editing, Base reading (via parent role "Base"); no app access; no admin\n',
    );
    expect(out).toContain(
      '  role "Mixed": policies Base reading, Filtered reading, Helpdesk; no app access; can make itself',
    );
    expect(out).toContain(
      '    path: role "Mixed" -> policy "Helpdesk" -> update directus_users.password -> another user\'s',
    );
    expect(out.indexOf("Principals: who can reach what")).toBeLessThan(out.indexOf("Permission matrix"));
  });

  it("markdown and json: the same principals, the paths in full", () => {
    const markdown = formatAudit(report([], withHelpdesk()), "markdown", "1.2.3");
    expect(markdown).toContain("| Principal | Policies | App access | Admin | Paths to admin |");
    expect(markdown).toContain(
      `| role "Mixed" | Base reading, Filtered reading, Helpdesk | no | **can escalate** | ${HELPDESK_PATH.replace(/[_>]/g, "\\$&")} |`,
    );
    expect(markdown).toContain(
      '| user a\\@example.com | Administrator, Editing (via role "Editors"), Base reading (via role "Editors" -\\> parent role "Base") | yes | holds |  |',
    );
    const json = JSON.parse(formatAudit(report([], withHelpdesk()), "json", "1.2.3")) as {
      principals: AuditPrincipal[];
    };
    expect(json.principals.map((p) => [p.label, p.admin])).toEqual([
      ["public", "no"],
      ['role "Admins"', "holds"],
      ['role "Base"', "no"],
      ['role "Editors"', "no"],
      ['role "Empty"', "no"],
      ['role "Mixed"', "escalates"],
      ["user a@example.com", "holds"],
    ]);
    expect(json.principals.find((p) => p.id === "r-mixed")?.adminPaths).toEqual([HELPDESK_PATH]);
  });

  it("sarif: the principals ride along in the run's properties", () => {
    const log = JSON.parse(formatAudit(report([], withHelpdesk()), "sarif", "1.2.3")) as Sarif.Log;
    const principals = log.runs[0]?.properties?.principals as AuditPrincipal[];
    expect(principals.find((p) => p.id === "r-mixed")?.adminPaths).toEqual([HELPDESK_PATH]);
  });
});

describe("SARIF output", () => {
  it("validates against the SARIF 2.1.0 schema, with and without findings", () => {
    expect(validateSarif(sarifOf())).toEqual([]);
    expect(validateSarif(sarifOf([]))).toEqual([]);
  });

  it("is rejected by the schema when it is not SARIF", () => {
    const log = sarifOf();
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
    const result = broken.runs[0]?.results[0];
    if (!result) throw new Error("no result");
    delete result.message;
    expect(validateSarif(broken)).toEqual([expect.stringMatching(/results\/0.*message/)]);
    expect(validateSarif({ ...log, version: "2.0.0" })).not.toEqual([]);
    expect(
      validateSarif({ version: "2.1.0", runs: [{ tool: { driver: { name: "x", informationUri: "no uri" } } }] }),
    ).not.toEqual([]);
  });

  it("describes the tool and every rule, and the audited instance", () => {
    const log = sarifOf();
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    const driver = run?.tool.driver;
    expect(driver).toMatchObject({
      name: "pulumi-directus",
      version: "1.2.3",
      informationUri: "https://github.com/pulumi-directus/pulumi-directus",
    });
    expect(driver?.rules?.map((r) => r.id)).toEqual(SECURITY_RULES.map((r) => r.id));
    const publicWrite = SECURITY_RULES[0];
    expect(driver?.rules?.[0]).toMatchObject({
      name: publicWrite?.name,
      shortDescription: { text: publicWrite?.rationale },
      help: { text: publicWrite?.remediation },
      defaultConfiguration: { level: "error" },
    });
    expect(driver?.rules?.find((r) => r.id === "DSEC-101")?.defaultConfiguration?.level).toBe("warning");
    expect(run?.properties?.instance).toEqual({ url: "https://cms.example.com", version: "11.5.1" });
  });

  it("reports sorted results that point at their rule and object, with stable fingerprints", () => {
    const run = sarifOf().runs[0];
    const results = run?.results ?? [];
    const rules = run?.tool.driver.rules ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(["DSEC-001", "DSEC-005", "DSEC-101"]);
    for (const result of results) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    expect(results[0]).toMatchObject({
      level: "error",
      message: { text: `public create on 'posts'. Fix: ${PLANTED[2]?.remediation}` },
      locations: [
        {
          logicalLocations: [
            { name: "Public", fullyQualifiedName: "directus:PublicAccess/p-public#permissions[1]", kind: "resource" },
          ],
        },
      ],
    });
    expect(results[2]?.level).toBe("warning");

    const prints = results.map((r) => Object.values(r.partialFingerprints ?? {})[0]);
    expect(new Set(prints).size).toBe(3);
    const reworded = sarifOf(PLANTED.map((f) => ({ ...f, message: `${f.message} (reworded)` })));
    expect(reworded.runs[0]?.results?.map((r) => r.partialFingerprints)).toEqual(
      results.map((r) => r.partialFingerprints),
    );
  });

  it("is byte-identical whatever order the findings come in", () => {
    const out = formatAudit(report(), "sarif", "1.2.3");
    expect(formatAudit(report([...PLANTED].reverse()), "sarif", "1.2.3")).toBe(out);
    expect(formatAudit(report([...PLANTED].reverse()), "text", "1.2.3")).toBe(formatAudit(report(), "text", "1.2.3"));
  });
});

describe("auditExitCode", () => {
  const warningOnly = PLANTED.filter((f) => f.severity === "warning");
  it.each<[string, FailOn, number, readonly AuditFinding[]]>([
    ["errors", "error", 1, PLANTED],
    ["errors", "warning", 1, PLANTED],
    ["errors", "never", 0, PLANTED],
    ["warnings only", "error", 0, warningOnly],
    ["warnings only", "warning", 1, warningOnly],
    ["warnings only", "never", 0, warningOnly],
    ["no findings", "error", 0, []],
    ["no findings", "warning", 0, []],
    ["no findings", "never", 0, []],
  ])("%s with --fail-on %s: exit code %i", (_what, failOn, code, findings) => {
    expect(auditExitCode(report(findings), failOn)).toBe(code);
  });
});

describe("HTML report", () => {
  /** The public create of `posts` planted above, with the target the rules give a permission. */
  const publicCreate = { ...(PLANTED[2] as AuditFinding), target: "posts:create" };
  const html = (findings: readonly AuditFinding[] = [...PLANTED.slice(0, 2), publicCreate]) =>
    formatAudit(report(findings), "html", "1.2.3");

  it("is one self-contained page: no script, style, image or link from elsewhere", () => {
    const out = html();
    expect(out.startsWith("<!doctype html>")).toBe(true);
    expect(out).not.toMatch(/\s(src|href)="(?!#)/);
    expect(out).not.toMatch(/url\(|@import/);
    expect(out).toContain(`content="default-src 'none'`);
  });

  it("says every cell's state in letters as well as colour, and admin rows as admin", () => {
    const out = html();
    // Editors: full create with validation, full read, filtered update on articles.
    const rows = report().matrix.rows;
    const index = rows.indexOf(rowNamed(rows, "Role", "Editors"));
    expect(out).toMatch(
      new RegExp(
        `<td class="p${index} all" title="articles create: every field of every item; payloads validated; from Editing">Av</td>`,
      ),
    );
    expect(out).toMatch(
      new RegExp(
        `<td class="p${index} flt" title="articles update: every field of the items a filter lets through; from Editing">I</td>`,
      ),
    );
    expect(out).toContain(`<td class="p${index} none">\u00b7</td>`);
    const admins = rows.indexOf(rowNamed(rows, "Role", "Admins"));
    expect(out).toContain(`<td class="p${admins} adm">\u2605</td>`);
    expect(out).toContain("some fields of the items a filter lets through");
  });

  it("links a permission's finding to its cell and back, and other findings to their principal", () => {
    const out = html();
    const publicIndex = 0;
    const posts = report().matrix.collections.indexOf("posts");
    const create = report().matrix.actions.indexOf("create");
    const cell = `audit-cell-${publicIndex}-${posts}-${create}`;
    const finding =
      /<li id="(audit-finding-\d+)"[^>]*><strong>PublicAccess &quot;Public&quot; \(p-public\)<\/strong> <code>permissions\[1\]<\/code>/.exec(
        out,
      )?.[1];
    expect(finding).toBeDefined();
    expect(out).toContain(`<a href="#${cell}">show in the matrix</a>`);
    expect(out).toMatch(new RegExp(`<td class="p0 all fnd" id="${cell}"[^>]*><a href="#${finding}">Ap!</a></td>`));
    const admin = report().matrix.rows.findIndex((r) => r.kind === "Policy" && r.id === "p-admin");
    expect(out).toMatch(
      new RegExp(
        `Administrator&quot; \\(p-admin\\)</strong> <code>enforceTfa</code>.*<a href="#audit-who-${admin}">show in the matrix</a>`,
      ),
    );
  });

  it("groups findings by severity, then rule, with the rule's rationale and each fix", () => {
    const out = html();
    expect(out.indexOf("Errors (2)")).toBeLessThan(out.indexOf("Warnings (1)"));
    expect(out.indexOf("DSEC-001 public-write</strong> (1)")).toBeLessThan(out.indexOf("DSEC-005"));
    expect(out).toContain(`Fix: ${escapeForTest(publicCreate.remediation)}`);
  });

  it("escapes what comes from the instance", () => {
    const evil = { ...model(), roles: [...model().roles, role("r-x", '<img src=x onerror="alert(1)">')] };
    const out = formatAudit(
      { ...report([]), matrix: permissionMatrix(evil), principals: auditPrincipals(evil) },
      "html",
      "1.2.3",
    );
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("lists who can reach what, with every path to admin", () => {
    const out = formatAudit(report([], withHelpdesk()), "html", "1.2.3");
    expect(out).toContain(escapeForTest(HELPDESK_PATH));
    expect(out).toMatch(/<a href="#audit-who-\d+">role &quot;Mixed&quot;<\/a><\/th>.*can make itself admin/);
  });

  it("offers filter boxes for collection, principal and finding, each with a label", () => {
    const out = html();
    for (const filter of ["collection", "principal", "finding"]) {
      expect(out).toContain(`<label for="audit-filter-${filter}">`);
      expect(out).toContain(`id="audit-filter-${filter}" data-filter="${filter}"`);
    }
  });
});

function escapeForTest(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
