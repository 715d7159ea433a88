import { combinedEscalations, escalationsOf } from "../../provider/model/escalation";
import type { NormalizedPermission } from "../../provider/model/permissions";
import { DEFAULT_LIMITS } from "../../provider/rules/limits";
import { evaluateRules } from "../../provider/rules/registry";
import { factsWith } from "../helpers/facts";

function permission(collection: string, action: NormalizedPermission["action"], fields = ["*"]): NormalizedPermission {
  return { collection, action, fields, filter: null, validation: null, presets: null };
}

describe("escalation paths", () => {
  it("names the holder, the capability and where it leads", () => {
    const findings = evaluateRules(
      {
        kind: "Policy",
        inputs: {
          name: "Team leads",
          adminAccess: false,
          permissions: [permission("directus_users", "create", ["email", "role"])],
        },
      },
      { limits: DEFAULT_LIMITS, facts: factsWith() },
    ).filter((f) => f.rule.id === "DSEC-006");
    expect(findings.map((f) => [f.property, f.message])).toEqual([
      [
        "permissions[0]",
        'policy "Team leads" -> create directus_users.role -> a new user in any role, including one with admin access',
      ],
    ]);
  });

  it("flows alone, or operations alone, open no path; both together do", () => {
    expect(combinedEscalations([permission("directus_flows", "create")])).toEqual([]);
    expect(combinedEscalations([permission("directus_operations", "update")])).toEqual([]);
    expect(
      combinedEscalations([permission("directus_flows", "read"), permission("directus_operations", "create")]),
    ).toEqual([]);
    const [path] = combinedEscalations([
      permission("directus_flows", "update"),
      permission("directus_operations", "create"),
    ]);
    expect(path?.escalation.step).toBe("update directus_flows + create directus_operations");
    expect(path?.through.map((p) => p.collection)).toEqual(["directus_flows", "directus_operations"]);
  });

  it("Directus' own self-service row (the app's minimal permissions: a user edits its own profile) opens none", () => {
    const profile: NormalizedPermission = {
      ...permission("directus_users", "update", [
        "first_name",
        "last_name",
        "email",
        "password",
        "location",
        "title",
        "description",
        "avatar",
        "language",
        "appearance",
        "theme_dark",
        "theme_light",
        "theme_light_overrides",
        "theme_dark_overrides",
        "tfa_secret",
      ]),
      filter: { id: { _eq: "$CURRENT_USER" } },
    };
    expect(escalationsOf(profile)).toEqual([]);
    expect(escalationsOf({ ...profile, action: "read", fields: ["*"] })).toEqual([]);
  });

  it("a narrow self-service grant opens none", () => {
    const ownName: NormalizedPermission = {
      ...permission("directus_users", "update", ["first_name"]),
      filter: { id: { _eq: "$CURRENT_USER" } },
    };
    expect(escalationsOf(ownName)).toEqual([]);
    expect(escalationsOf(permission("directus_users", "update", ["email"]))).toEqual([
      {
        step: "update directus_users.email",
        leadsTo: "another user's sign-in, an administrator's included (new password, reset address or static token)",
      },
    ]);
    expect(escalationsOf(permission("directus_users", "update", ["password", "external_identifier"]))[0]?.step).toBe(
      "update directus_users.password",
    );
    // Directus refuses these itself (test/integration/escalation.test.ts): no path to refuse.
    expect(
      escalationsOf(permission("directus_users", "update", ["policies", "provider", "external_identifier"])),
    ).toEqual([]);
    expect(escalationsOf(permission("directus_users", "create", ["email", "password", "status", "token"]))).toEqual([]);
    const ownRole: NormalizedPermission = {
      ...permission("directus_users", "update", ["first_name", "role"]),
      filter: { id: { _eq: "$CURRENT_USER" } },
    };
    expect(escalationsOf(ownRole)).toEqual([
      {
        step: "update directus_users.role",
        leadsTo: "any role, including one with admin access, for itself or any user it may update",
      },
    ]);
    const ownPassword: NormalizedPermission = {
      ...permission("directus_users", "update", ["password", "email"]),
      filter: { id: { _eq: "$CURRENT_USER" } },
    };
    expect(escalationsOf(ownPassword)).toEqual([]);
  });
});
