import { principalsOf, usersReachingAdmin } from "../../provider/model/access";
import type { NormalizedPermission } from "../../provider/model/permissions";
import type { InstanceFacts, PolicyPermission } from "../../provider/model/subjects";
import { plannedFacts } from "../../provider/plan/planned-facts";
import { DEFAULT_LIMITS } from "../../provider/rules/limits";
import { evaluateRules } from "../../provider/rules/registry";
import { factsWith } from "../helpers/facts";

function row(
  policy: string,
  collection: string,
  action: NormalizedPermission["action"],
  extra: Partial<NormalizedPermission> = {},
): PolicyPermission {
  return {
    policy,
    permission: { collection, action, fields: ["*"], filter: null, validation: null, presets: null, ...extra },
  };
}

const policy = (id: string, name: string, adminAccess = false) => ({
  id,
  name,
  adminAccess,
  appAccess: true,
  enforceTfa: true,
});

/** Staff (parent) <- Editors; Admins policy on Staff only in some tests. */
function agency(overrides: Partial<InstanceFacts> = {}): InstanceFacts {
  return factsWith({
    roles: [
      { id: "staff", parent: null, name: "Staff" },
      { id: "editors", parent: "staff", name: "Editors" },
    ],
    policies: [policy("content", "Content"), policy("flows", "Flow editors"), policy("ops", "Operation editors")],
    access: [
      { id: "l1", role: "editors", user: null, policy: "content" },
      { id: "l2", role: "staff", user: null, policy: "flows" },
    ],
    users: [
      { id: "u1", role: "editors", status: "active", email: "ann@example.com" },
      { id: "u2", role: "editors", status: "active", email: "bob@example.com" },
      { id: "svc", role: null, status: "active", email: "api@example.com", serviceAccount: true },
    ],
    permissions: [
      row("content", "posts", "update"),
      row("content", "directus_users", "update", { fields: ["first_name"], filter: { id: { _eq: "$CURRENT_USER" } } }),
      row("flows", "directus_flows", "create"),
      row("ops", "directus_operations", "create"),
    ],
    ...overrides,
  });
}

describe("effective-access model", () => {
  it("lists the public, every role, service accounts and users with links of their own", () => {
    const labels = principalsOf(agency()).map((p) => p.principal.label);
    expect(labels).toEqual(["public", 'role "Staff"', 'role "Editors"', "service account api@example.com"]);
  });

  it("a child role holds its parents' policies, and says through which parent", () => {
    const editors = principalsOf(agency()).find((p) => p.principal.id === "editors");
    expect(editors?.policies.map((p) => [p.name, p.via])).toEqual([
      ["Content", []],
      ["Flow editors", ['parent role "Staff"']],
    ]);
    expect(editors?.permissions.map((r) => r.permission.collection)).toEqual([
      "posts",
      "directus_users",
      "directus_flows",
    ]);
  });

  it("a narrow self-service grant and a single half of the flow path reach nothing", () => {
    expect(principalsOf(agency()).flatMap((p) => p.adminPaths)).toEqual([]);
  });

  it("rows of two policies held together complete the flow path, named from the principal", () => {
    const facts = agency({
      access: [...agency().access, { id: "l3", role: "editors", user: null, policy: "ops" }],
    });
    const editors = principalsOf(facts).find((p) => p.principal.id === "editors");
    expect(editors?.adminPaths).toEqual([
      'role "Editors" -> parent role "Staff" -> policy "Flow editors": create directus_flows + policy "Operation editors": create directus_operations -> a flow whose operations run with full access, triggered by anyone through its webhook: admin',
    ]);
    expect(editors?.escalations[0]?.inherited).toBe(false);
    expect([...usersReachingAdmin(facts).keys()]).toEqual(["u1", "u2"]);
  });

  it("admin access through a parent role is a path too, and escalations then do not matter", () => {
    const facts = agency({
      policies: [...agency().policies, policy("admin", "Administrator", true)],
      access: [...agency().access, { id: "l9", role: "staff", user: null, policy: "admin" }],
    });
    const editors = principalsOf(facts).find((p) => p.principal.id === "editors");
    expect(editors?.adminPaths).toEqual([
      'role "Editors" -> parent role "Staff" -> policy "Administrator" (admin access)',
    ]);
    expect(editors?.escalations).toEqual([]);
  });

  it("self-registration is a principal that starts at the public", () => {
    const facts = agency({
      registration: { enabled: true, verifyEmail: false, role: "editors" },
      permissions: [...(agency().permissions ?? []), row("content", "directus_users", "create", { fields: ["role"] })],
    });
    const signUp = principalsOf(facts).find((p) => p.principal.kind === "registration");
    expect(signUp?.adminPaths).toEqual([
      'public -> self-registration (email not verified) -> role "Editors" -> policy "Content" -> create directus_users.role -> a new user in any role, including one with admin access',
    ]);
  });
});

describe("rules on the effective-access model", () => {
  it("DSEC-006 refuses the link that completes a path across two policies, and names it", () => {
    const facts = agency({
      access: [...agency().access, { id: "l3", role: "editors", user: null, policy: "ops" }],
    });
    const findings = evaluateRules(
      { kind: "PolicyAttachment", inputs: { policy: "ops", role: "editors" } },
      { limits: DEFAULT_LIMITS, facts },
    );
    expect(findings.map((f) => [f.rule.id, f.property, f.message])).toEqual([
      [
        "DSEC-006",
        "policy",
        'role "Editors" -> parent role "Staff" -> policy "Flow editors": create directus_flows + policy "Operation editors": create directus_operations -> a flow whose operations run with full access, triggered by anyone through its webhook: admin',
      ],
    ]);
  });

  it("DSEC-006 stays quiet when the two halves reach different principals", () => {
    const facts = agency({
      roles: [...agency().roles, { id: "ops-team", parent: null, name: "Ops team" }],
      access: [...agency().access, { id: "l3", role: "ops-team", user: null, policy: "ops" }],
    });
    const findings = evaluateRules(
      { kind: "PolicyAttachment", inputs: { policy: "ops", role: "ops-team" } },
      { limits: DEFAULT_LIMITS, facts },
    );
    expect(findings).toEqual([]);
  });

  it("DSEC-004 counts users that can reach admin through an escalation path", () => {
    const facts = agency({
      policies: [...agency().policies, policy("admin", "Administrator", true)],
      access: [
        ...agency().access,
        { id: "l3", role: "editors", user: null, policy: "ops" },
        { id: "l4", role: null, user: "svc", policy: "admin" },
      ],
    });
    const findings = evaluateRules(
      { kind: "PolicyAttachment", inputs: { policy: "admin", user: "svc" } },
      { limits: { ...DEFAULT_LIMITS, adminUsers: 2 }, facts },
    ).filter((f) => f.rule.id === "DSEC-004");
    expect(findings.map((f) => f.message)).toEqual([
      'the planned end state gives 3 active users admin access (limit 2): users svc, u1, u2; 2 of them only through an escalation path, e.g. role "Editors" -> parent role "Staff" -> policy "Flow editors": create directus_flows + policy "Operation editors": create directus_operations -> a flow whose operations run with full access, triggered by anyone through its webhook: admin',
    ]);
  });
});

describe("planned permission rows", () => {
  const live = agency();

  it("a Policy with inline permissions replaces its rows; a Permission replaces one row", () => {
    const planned = plannedFacts(live, [
      {
        key: "Policy:content",
        id: "content",
        subject: {
          kind: "Policy",
          inputs: { name: "Content", permissions: [row("content", "posts", "read").permission] },
        },
      },
      {
        key: "Permission:ops",
        id: "x",
        subject: {
          kind: "Permission",
          inputs: { ...row("ops", "directus_operations", "create").permission, policy: "ops", fields: ["name"] },
        },
      },
    ]);
    expect(
      planned.permissions?.map(
        (r) => `${r.policy}:${r.permission.collection}:${r.permission.action}:${r.permission.fields}`,
      ),
    ).toEqual(["flows:directus_flows:create:*", "content:posts:read:*", "ops:directus_operations:create:name"]);
  });

  it("rows of a removed policy and of a removed Permission go; settings set the registration", () => {
    const planned = plannedFacts(
      live,
      [
        {
          key: "SecuritySettings:s",
          id: "1",
          subject: {
            kind: "SecuritySettings",
            inputs: { publicRegistration: { enabled: true, verifyEmail: true, role: "editors" } },
          },
        },
      ],
      [
        { kind: "Policy", id: "flows", outputs: {} },
        {
          kind: "Permission",
          id: "7",
          outputs: { policy: "ops", collection: "directus_operations", action: "create" },
        },
      ],
    );
    expect(planned.permissions?.map((r) => r.policy)).toEqual(["content", "content"]);
    expect(planned.registration).toEqual({ enabled: true, verifyEmail: true, role: "editors" });
  });
});
