import type { AuditFinding } from "../../provider/cli/audit-report";
import { generateProgram } from "../../provider/cli/import/generate";
import { identifierFor, resourceNameFor, UniqueNames } from "../../provider/cli/import/names";
import { type InstanceModel, MODEL_PARTS, type ModelPart } from "../../provider/model/instance";

const PUBLIC = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function model(): InstanceModel {
  return {
    version: "11.17.4",
    customPermissionRules: true,
    roles: [
      { id: uuid(2), name: "Editors", description: null, icon: "edit", parent: uuid(1) },
      { id: uuid(1), name: "Staff", description: "All", icon: "groups", parent: null },
    ],
    policies: [
      {
        id: uuid(10),
        name: "Editing",
        description: null,
        icon: "badge",
        adminAccess: false,
        appAccess: true,
        enforceTfa: true,
        ipAccess: null,
        permissions: [
          {
            id: 7,
            collection: "articles",
            action: "read",
            fields: ["title"],
            filter: { status: { _eq: "published" } },
            validation: null,
            presets: null,
          },
        ],
      },
      {
        id: uuid(11),
        name: "Administrator",
        description: null,
        icon: "verified",
        adminAccess: true,
        appAccess: true,
        enforceTfa: false,
        ipAccess: null,
        permissions: [],
      },
      {
        id: PUBLIC,
        name: "$t:public_label",
        description: null,
        icon: "public",
        adminAccess: false,
        appAccess: false,
        enforceTfa: false,
        ipAccess: null,
        permissions: [
          {
            id: 3,
            collection: "articles",
            action: "read",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        ],
      },
    ],
    links: [
      { id: uuid(20), policy: uuid(10), role: uuid(2), sort: 1 },
      { id: uuid(21), policy: uuid(11), user: uuid(31), sort: null },
    ],
    publicLinks: [{ id: uuid(22), policy: PUBLIC }],
    users: [
      {
        id: uuid(31),
        email: "admin@example.com",
        firstName: null,
        lastName: null,
        role: null,
        status: "active",
        serviceAccount: false,
      },
      {
        id: uuid(32),
        email: "website@example.com",
        firstName: "Web",
        lastName: null,
        role: uuid(2),
        status: "active",
        serviceAccount: true,
      },
    ],
    settings: {
      projectName: "Acme",
      passwordPolicy: "strong",
      loginAttempts: 5,
      publicRegistration: { enabled: false, verifyEmail: true, role: null, emailFilter: null },
    },
    fields: { articles: ["id", "title", "status"] },
  };
}

const all = new Set<ModelPart>(MODEL_PARTS);

function finding(ruleId: string, kind: string, id: string): AuditFinding {
  return {
    ruleId,
    ruleName: "x",
    severity: "error",
    message: "m",
    rationale: "r",
    remediation: "f",
    object: { kind, id, name: "n" },
    property: "p",
    target: "p",
  };
}

describe("names", () => {
  it("makes identifiers and resource names from Directus names", () => {
    expect(identifierFor("Content Editors", "Role")).toBe("contentEditorsRole");
    expect(identifierFor("2FA users", "Policy")).toBe("_2faUsersPolicy");
    expect(identifierFor("Été — Rédaction", "Role")).toBe("eteRedactionRole");
    expect(resourceNameFor("Content Editors!", "role")).toBe("content-editors");
    expect(resourceNameFor("???", "role")).toBe("role");
  });

  it("hands out each name once", () => {
    const names = new UniqueNames("-");
    expect([names.claim("a"), names.claim("a"), names.claim("a")]).toEqual(["a", "a-2", "a-3"]);
  });
});

describe("generateProgram", () => {
  it("declares parents before children and refers to them by variable", () => {
    const { source } = generateProgram(model(), { parts: all, findings: [] });
    expect(source.indexOf("staffRole =")).toBeLessThan(source.indexOf("editorsRole ="));
    expect(source).toContain("parent: staffRole.id");
    expect(source).toContain("policy: editingPolicy.id");
    expect(source).toContain("role: editorsRole.id");
  });

  it("manages service accounts, refers to people by id, and writes no secret", () => {
    const { source, counts } = generateProgram(model(), { parts: all, findings: [] });
    expect(source).toContain('new directus.ServiceAccount("website"');
    expect(source).toContain(`user: "${uuid(31)}" /* admin@example.com */`);
    expect(source).not.toMatch(/token:/i);
    expect(counts).toEqual({
      Role: 2,
      Policy: 2,
      PublicAccess: 1,
      ServiceAccount: 1,
      PolicyAttachment: 2,
      SecuritySettings: 1,
    });
  });

  it("recognises the built-in public policy as PublicAccess, and writes filters as they are", () => {
    const { source } = generateProgram(model(), { parts: all, findings: [] });
    expect(source).toContain('new directus.PublicAccess("public"');
    expect(source).not.toContain(`adoptId: "${PUBLIC}"`);
    expect(source).toContain('filter: {"status":{"_eq":"published"}}');
  });

  it("acknowledges exemptible errors on their resource and reports the others as blocking", () => {
    const findings = [finding("DSEC-005", "Policy", uuid(11)), finding("DSEC-011", "SecuritySettings", "settings")];
    const program = generateProgram(model(), { parts: all, findings });
    const admin = /new directus\.Policy\("administrator"[\s\S]*?\n\}\);/.exec(program.source)?.[0] ?? "";
    expect(admin).toContain('rule: "DSEC-005"');
    expect(program.acknowledged.map((f) => f.ruleId)).toEqual(["DSEC-005"]);
    expect(program.blocking.map((f) => f.ruleId)).toEqual(["DSEC-011"]);
  });

  it("--only permissions adopts rows as Permission resources; --only roles writes roles alone", () => {
    const permissions = generateProgram(model(), { parts: new Set(["permissions"]), findings: [] });
    expect(permissions.source).toContain('new directus.Permission("editing-articles-read"');
    expect(permissions.source).toContain("adoptId: 7");
    expect(permissions.counts).toEqual({ Permission: 1, PublicAccess: 1 });
    const roles = generateProgram(model(), { parts: new Set(["roles"]), findings: [] });
    expect(roles.counts).toEqual({ Role: 2 });
  });

  it("is deterministic whatever the order of the model's lists", () => {
    const a = model();
    const b = {
      ...a,
      roles: [...a.roles].reverse(),
      policies: [...a.policies].reverse(),
      links: [...a.links].reverse(),
    };
    expect(generateProgram(b, { parts: all, findings: [] }).source).toBe(
      generateProgram(a, { parts: all, findings: [] }).source,
    );
  });
});
