import type { PermissionRecord } from "../../provider/client/records";
import { hasCustomRule, isRestrictedOnCoreTier } from "../../provider/model/core-tier";
import { planPermissions, reuseRemovedRows, sortPermissions } from "../../provider/model/permissions";
import { permissionListSchema } from "../../provider/schemas/permission";
import { permissionOf } from "../helpers/permissions";

const perm = permissionOf;

const row = (
  id: number,
  collection: string,
  action: string,
  extra: Partial<PermissionRecord> = {},
): PermissionRecord => ({
  id,
  policy: "p",
  collection,
  action,
  fields: ["*"],
  permissions: null,
  validation: null,
  presets: null,
  ...extra,
});

describe("permissionListSchema", () => {
  it("sorts field lists, treats {} as no rule, and sortPermissions orders the list", () => {
    const parsed = permissionListSchema().parse([
      { collection: "posts", action: "update", fields: ["title", "body", "title"], filter: {} },
      { collection: "authors", action: "read" },
    ]);
    expect(parsed[0]?.fields).toEqual(["body", "title"]);
    expect(parsed[0]?.filter).toBeNull();
    expect(sortPermissions(parsed).map((p) => `${p.collection}:${p.action}`)).toEqual(["authors:read", "posts:update"]);
  });
});

describe("planPermissions", () => {
  it("creates what is missing, updates what differs, removes the rest", () => {
    const plan = planPermissions(
      [perm("posts", "read"), perm("posts", "update", { fields: ["title"] }), perm("submissions", "create")],
      [row(1, "posts", "read"), row(2, "posts", "update"), row(3, "analytics", "read")],
    );
    expect(plan.create).toEqual([perm("submissions", "create")]);
    expect(plan.update).toEqual([{ id: 2, permission: perm("posts", "update", { fields: ["title"] }) }]);
    expect(plan.remove).toEqual([3]);
  });

  it("keeps the oldest of duplicate rows and removes the others", () => {
    const plan = planPermissions([perm("posts", "read")], [row(9, "posts", "read"), row(4, "posts", "read")]);
    expect(plan).toEqual({ create: [], update: [], remove: [9] });
  });

  it("plans nothing when the server already matches, whatever the filter key order", () => {
    const filter = { status: { _eq: "published" }, title: { _nnull: true } };
    const plan = planPermissions(
      [perm("posts", "read", { filter })],
      [row(1, "posts", "read", { permissions: { title: { _nnull: true }, status: { _eq: "published" } } })],
    );
    expect(plan).toEqual({ create: [], update: [], remove: [] });
  });
});

describe("reuseRemovedRows", () => {
  it("rewrites rows the plan deletes into permissions it creates, in order", () => {
    const plan = { create: [perm("a", "read"), perm("b", "read"), perm("c", "read")], update: [], remove: [7, 8] };
    expect(reuseRemovedRows(plan)).toEqual({
      create: [perm("c", "read")],
      update: [
        { id: 7, permission: perm("a", "read") },
        { id: 8, permission: perm("b", "read") },
      ],
      remove: [],
    });
  });

  it("keeps the deletes it cannot reuse and plans without creates unchanged", () => {
    const plan = { create: [perm("a", "read")], update: [{ id: 1, permission: perm("x", "read") }], remove: [7, 8] };
    expect(reuseRemovedRows(plan)).toEqual({
      create: [],
      update: [
        { id: 1, permission: perm("x", "read") },
        { id: 7, permission: perm("a", "read") },
      ],
      remove: [8],
    });
    const removeOnly = { create: [], update: [], remove: [3] };
    expect(reuseRemovedRows(removeOnly)).toBe(removeOnly);
  });
});

describe("Core tier (Directus 12 without a licence)", () => {
  it("a row is custom unless it grants every field with no filter, validation or presets", () => {
    expect(hasCustomRule(perm("posts", "read"))).toBe(false);
    expect(hasCustomRule(perm("posts", "read", { fields: ["title"] }))).toBe(true);
    expect(hasCustomRule(perm("posts", "read", { fields: ["*", "title"] }))).toBe(false);
    expect(hasCustomRule(perm("posts", "delete", { fields: null }))).toBe(true);
    expect(hasCustomRule(perm("posts", "read", { filter: { status: { _eq: "published" } } }))).toBe(true);
    expect(hasCustomRule(perm("posts", "create", { presets: { status: "draft" } }))).toBe(true);
  });

  it("the Studio's recommended app rows are accepted as they are, and only exactly", () => {
    const ownProfile = {
      fields: ["first_name", "last_name", "email", "password", "location", "title", "description", "avatar"].concat(
        ["language", "appearance", "theme_light", "theme_dark", "theme_light_overrides", "theme_dark_overrides"],
        ["tfa_secret"],
      ),
      filter: { id: { _eq: "$CURRENT_USER" } },
    };
    expect(isRestrictedOnCoreTier(perm("directus_users", "update", ownProfile))).toBe(false);
    // The same filter with another field list, or on another action, is custom.
    expect(isRestrictedOnCoreTier(perm("directus_users", "update", { ...ownProfile, fields: ["first_name"] }))).toBe(
      true,
    );
    expect(isRestrictedOnCoreTier(perm("directus_users", "read", ownProfile))).toBe(true);
    expect(
      isRestrictedOnCoreTier(
        perm("directus_users", "update", { ...ownProfile, validation: { email: { _nnull: true } } }),
      ),
    ).toBe(true);
    expect(
      isRestrictedOnCoreTier(perm("directus_files", "delete", { filter: { uploaded_by: { _eq: "$CURRENT_USER" } } })),
    ).toBe(false);
    expect(isRestrictedOnCoreTier(perm("posts", "read", { filter: { status: { _eq: "published" } } }))).toBe(true);
  });
});
