/**
 * Realistic instances for import, audit and preview: configured over plain REST the way real ones
 * came to be, not the way this package would write them. The shapes come from Directus itself:
 * - its 10 -> 11 migration (20240806A-permissions-policies) turned every role into a policy with the
 *   role's own id, linked by an access row with sort 1, and kept every permission row as it was;
 * - the Studio writes "All access" as fields ["*"] with null rules, an older code path wrote `{}`,
 *   and custom delete/share rules (or unticking every field) store `fields: null`;
 * - integrations are users with a static token and neither email nor password;
 * - the built-in public policy is named by a translation key (`$t:public_label`) and may also be
 *   linked to roles and users; policies are shared by several roles and attached to users directly;
 * - fields are removed from collections while permission rows still list them;
 * - Directus 12 without a licence (Core tier) refuses custom rules except the rows the Studio
 *   recommends for app users, which it accepts and enforces; it allows 25 collections and 3 seats.
 */
import { BUILT_IN_PUBLIC_POLICY, customRulesAllowed } from "./access-control";
import type { DirectusServer } from "./directus";
import { restData } from "./rest";

export interface CorpusInstance {
  readonly name: string;
  /** Whether the server took custom rules (false on Directus 12 Core tier). */
  readonly customRules: boolean;
  /** The public permission that exists before import (a contact form), to test pinned acknowledgements. */
  readonly publicWrite?: { readonly collection: string; readonly action: string };
  /** What the generated index.ts must say about this instance's peculiarities. */
  readonly generated: readonly RegExp[];
}

type Row = Record<string, unknown>;

async function post<T = { id: string }>(server: DirectusServer, path: string, body: unknown): Promise<T> {
  return restData<T>(server, "POST", path, body);
}

/** A user collection with an integer key and plain string fields (plus user_created when asked). */
async function createCollection(
  server: DirectusServer,
  collection: string,
  fields: readonly string[],
  userCreated = false,
): Promise<void> {
  await post(server, "/collections", {
    collection,
    schema: {},
    meta: { icon: "article" },
    fields: [
      { field: "id", type: "integer", schema: { is_primary_key: true, has_auto_increment: true }, meta: {} },
      ...fields.map((field) => ({ field, type: "string", schema: {}, meta: {} })),
      ...(userCreated
        ? [{ field: "user_created", type: "uuid", schema: {}, meta: { special: ["user-created"] } }]
        : []),
    ],
  });
}

async function permissions(server: DirectusServer, policy: string, rows: readonly Row[]): Promise<void> {
  if (rows.length > 0)
    await post(
      server,
      "/permissions",
      rows.map((row) => ({ fields: ["*"], ...row, policy })),
    );
}

/** A role as Directus 10 had it, after the 11 migration: a policy with the role's own id, linked with sort 1. */
async function migratedRole(
  server: DirectusServer,
  role: { name: string; icon: string; description: string | null },
  access: { app_access: boolean; enforce_tfa: boolean; ip_access?: string[] | null },
): Promise<string> {
  const { id } = await post(server, "/roles", role);
  await post(server, "/policies", { id, ...role, admin_access: false, ...access });
  await post(server, "/access", { role: id, policy: id, sort: 1 });
  return id;
}

const OWN_FILES_UPDATE = {
  collection: "directus_files",
  action: "update",
  fields: ["title", "description", "tags", "location", "folder", "focal_point_x", "focal_point_y"].concat(
    "filename_download",
  ),
  permissions: { uploaded_by: { _eq: "$CURRENT_USER" } },
};
const OWN_PROFILE_UPDATE = {
  collection: "directus_users",
  action: "update",
  fields: ["first_name", "last_name", "email", "password", "location", "title", "description", "avatar"].concat(
    ["language", "appearance", "theme_light", "theme_dark", "theme_light_overrides", "theme_dark_overrides"],
    "tfa_secret",
  ),
  permissions: { id: { _eq: "$CURRENT_USER" } },
};

/**
 * An instance that began on Directus 10: roles and their same-id policies, rows with `{}` rules and
 * null field lists, a field list naming a removed field, the public contact form.
 */
export async function seedUpgradedInstance(server: DirectusServer): Promise<CorpusInstance> {
  const custom = await customRulesAllowed(server);
  await createCollection(server, "articles", ["title", "slug", "status", "body", "hero-image"], true);
  await createCollection(server, "pages", ["title", "slug", "body"]);
  await createCollection(server, "contact_form", ["name", "email", "message"]);
  const editor = await migratedRole(
    server,
    { name: "Editor", icon: "edit", description: "Edits all content" },
    { app_access: true, enforce_tfa: true },
  );
  const author = await migratedRole(
    server,
    { name: "Author", icon: "person", description: null },
    { app_access: true, enforce_tfa: false },
  );
  const website = await migratedRole(
    server,
    { name: "Website", icon: "public", description: "The Next.js site" },
    { app_access: false, enforce_tfa: false, ip_access: ["10.0.0.0/8"] },
  );
  await permissions(server, editor, [
    // An older Studio wrote "All access" as empty objects.
    { collection: "articles", action: "read", permissions: {}, validation: {} },
    { collection: "articles", action: "create", permissions: {}, validation: {}, presets: {} },
    { collection: "pages", action: "read" },
    { collection: "pages", action: "update" },
    ...(custom
      ? [
          // "legacy_teaser" is no field of the collection: Directus removes a deleted field from the rows
          // that list it, but rows written by other tools (or SQL) keep whatever names they were given.
          {
            collection: "articles",
            action: "update",
            fields: ["title", "slug", "status", "body", "hero-image", "legacy_teaser"],
          },
          // A custom delete rule: the Studio stores it without a field list.
          { collection: "articles", action: "delete", fields: null, permissions: { status: { _neq: "published" } } },
        ]
      : [{ collection: "articles", action: "update" }]),
  ]);
  await permissions(server, author, [
    { collection: "directus_files", action: "create" },
    { collection: "directus_files", action: "read" },
    // Recommended for app users: even Directus 12 Core tier accepts these exact rows.
    OWN_FILES_UPDATE,
    OWN_PROFILE_UPDATE,
    ...(custom
      ? [
          { collection: "articles", action: "read", permissions: { user_created: { _eq: "$CURRENT_USER" } } },
          {
            collection: "articles",
            action: "update",
            fields: ["title", "body", "hero-image"],
            permissions: { user_created: { _eq: "$CURRENT_USER" } },
          },
        ]
      : [{ collection: "articles", action: "read" }]),
  ]);
  await permissions(server, website, [
    custom
      ? {
          collection: "articles",
          action: "read",
          fields: ["title", "slug", "body", "hero-image"],
          permissions: { status: { _eq: "published" } },
        }
      : { collection: "articles", action: "read" },
    { collection: "pages", action: "read" },
  ]);
  await permissions(server, BUILT_IN_PUBLIC_POLICY, [
    custom
      ? {
          collection: "articles",
          action: "read",
          fields: ["title", "slug"],
          permissions: { status: { _eq: "published" } },
        }
      : { collection: "pages", action: "read" },
    { collection: "contact_form", action: "create" },
  ]);
  await post(server, "/users", {
    email: "Editor@Example.com",
    password: "Correct-Horse-Battery-9!",
    role: editor,
  });
  return {
    name: "upgraded-from-10",
    customRules: custom,
    publicWrite: { collection: "contact_form", action: "create" },
    generated: [
      // The role and its same-id policy: two resources, referred to by kind, one link named once.
      new RegExp(`const editorRole = new directus\\.Role\\("editor", \\{\\s*adoptId: "${editor}"`),
      new RegExp(`const editorPolicy = new directus\\.Policy\\("editor", \\{\\s*adoptId: "${editor}"`),
      /new directus\.PolicyAttachment\("editor", \{[^}]*policy: editorPolicy\.id,\s*role: editorRole\.id/,
      /const publicAccess = new directus\.PublicAccess\("public"/,
      ...(custom ? [/action: "delete",\s*fields: null/, /"legacy_teaser"/, /"hero-image"/] : []),
    ],
  };
}

/**
 * Token-only integrations and Studio-built structure: users with a static token and no email, a
 * policy shared by several roles, a policy attached to a user directly, a role chain, the public
 * policy linked to a role and to a user, a role and a policy with the same name, changed settings.
 */
export async function seedIntegrationsInstance(server: DirectusServer): Promise<CorpusInstance> {
  const custom = await customRulesAllowed(server);
  await createCollection(server, "products", ["name", "sku", "price", "status"]);
  await createCollection(server, "orders", ["number", "total", "status"], true);
  await createCollection(server, "newsletter", ["email"]);
  const staff = (await post(server, "/roles", { name: "Staff", icon: "groups" })).id;
  const sales = (await post(server, "/roles", { name: "Sales", parent: staff })).id;
  const salesLeads = (await post(server, "/roles", { name: "Sales leads", parent: sales, description: "" })).id;
  const partners = (await post(server, "/roles", { name: "Partners", icon: "handshake" })).id;
  const integrations = (await post(server, "/roles", { name: "Integrations", icon: "api" })).id;
  const reportsRole = (await post(server, "/roles", { name: "Reports" })).id;

  const catalogue = (await post(server, "/policies", { name: "Catalogue read", icon: "inventory" })).id;
  const orders = (await post(server, "/policies", { name: "Orders", app_access: true, description: "" })).id;
  const reports = (await post(server, "/policies", { name: "Reports", icon: "analytics" })).id;
  const sync = (await post(server, "/policies", { name: "ERP sync", ip_access: ["192.168.10.0/24", "10.1.2.3"] })).id;
  await permissions(server, catalogue, [{ collection: "products", action: "read" }]);
  await permissions(server, orders, [
    { collection: "orders", action: "read" },
    { collection: "orders", action: "create" },
    custom
      ? {
          collection: "orders",
          action: "update",
          fields: ["status"],
          permissions: { user_created: { _eq: "$CURRENT_USER" } },
        }
      : { collection: "orders", action: "update" },
    ...(custom ? [{ collection: "old_quotes", action: "read" }] : []),
  ]);
  await permissions(server, reports, [
    { collection: "orders", action: "read", ...(custom ? { fields: ["number", "total"] } : {}) },
  ]);
  await permissions(server, sync, [
    { collection: "products", action: "create" },
    { collection: "products", action: "update" },
    { collection: "orders", action: "read" },
  ]);
  // One policy shared by three roles; the others as the Studio links them (sort null or set).
  await post(server, "/access", { role: staff, policy: catalogue });
  await post(server, "/access", { role: partners, policy: catalogue, sort: 2 });
  await post(server, "/access", { role: integrations, policy: catalogue });
  await post(server, "/access", { role: sales, policy: orders, sort: 1 });
  await post(server, "/access", { role: reportsRole, policy: reports });
  await post(server, "/access", { role: integrations, policy: sync });
  // The public policy, linked to a role and to a user as well.
  await post(server, "/access", { role: partners, policy: BUILT_IN_PUBLIC_POLICY });
  await permissions(server, BUILT_IN_PUBLIC_POLICY, [
    { collection: "products", action: "read" },
    { collection: "newsletter", action: "create" },
  ]);

  // Integrations: static tokens, no email and no password.
  await post(server, "/users", {
    first_name: "ERP",
    last_name: "Sync",
    role: integrations,
    token: "corpus-erp-token-0001",
  });
  await post(server, "/users", { role: integrations, token: "corpus-search-token-0002" });
  const indexer = (
    await post(server, "/users", { email: "indexer@shop.example.com", token: "corpus-indexer-token-0003" })
  ).id;
  await post(server, "/access", { user: indexer, policy: reports });
  await post(server, "/access", { user: indexer, policy: BUILT_IN_PUBLIC_POLICY });
  // A person with a directly attached policy.
  const analyst = (
    await post(server, "/users", { email: "analyst@shop.example.com", password: "Correct-Horse-Battery-9!" })
  ).id;
  await post(server, "/access", { user: analyst, policy: reports, sort: 1 });
  await post(server, "/users", {
    email: "lead@shop.example.com",
    password: "Correct-Horse-Battery-9!",
    role: salesLeads,
  });

  await restData(server, "PATCH", "/settings", {
    project_name: "Shop (production)",
    auth_login_attempts: 10,
    auth_password_policy: "/(?=^.{8,}$)(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()_+}{';'?>.<,])(?!.*\\s).*$/",
  });
  return {
    name: "integrations",
    customRules: custom,
    publicWrite: { collection: "newsletter", action: "create" },
    generated: [
      /new directus\.ServiceAccount\("erp-sync", \{[^}]*email: null/,
      /new directus\.ServiceAccount\("service-account", \{[^}]*email: null/,
      // The public policy linked to a role and to a user: by its id, never through PublicAccess.
      /policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17" \/\* public \*\/,\s*role: partnersRole\.id/,
      /policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17" \/\* public \*\/,\s*user: indexerAccount\.id/,
      /parent: salesRole\.id/,
    ],
  };
}

const AGENCY_COLLECTIONS = [
  "pages",
  "posts",
  "authors",
  "categories",
  "tags",
  "navigation",
  "navigation_items",
  "footer",
  "seo",
  "redirects",
  "services",
  "case_studies",
  "clients",
  "testimonials",
  "team",
  "jobs",
  "applications",
  "events",
  "event_speakers",
  "locations",
  "faqs",
  "faq_groups",
  "downloads",
  "press",
  "partners",
  "products",
  "product_variants",
  "prices",
  "offers",
  "newsletters",
  "subscribers",
  "forms",
  "form_fields",
  "form_submissions",
  "blocks_hero",
  "blocks_cta",
  "blocks_gallery",
  "blocks_quote",
  "blocks_richtext",
  "blocks_video",
  "blocks_cards",
  "blocks_logos",
  "globals",
  "translations",
  "languages",
  "banners",
  "popups",
  "cookies",
  "legal_pages",
  "sitemaps",
  "authors_posts",
  "posts_tags",
  "posts_categories",
  "pages_blocks",
  "services_case_studies",
  "clients_case_studies",
  "awards",
  "partners_logos",
  "reviews",
  "ratings",
  "recipes",
  "ingredients",
  "menus",
  "menu_items",
  "opening_hours",
  "rooms",
  "bookings",
  "vouchers",
  "campaigns",
  "landing_pages",
  "ab_tests",
  "analytics_events",
  "webhooks_log",
  "imports",
  "exports",
];

/** Which collections and actions each policy of the agency grants, by index into the collection list. */
const AGENCY_POLICIES: readonly { name: string; app: boolean; every: number; actions: readonly string[] }[] = [
  { name: "Content editors", app: true, every: 1, actions: ["create", "read", "update"] },
  { name: "Content publishers", app: true, every: 2, actions: ["read", "update", "delete"] },
  { name: "Marketing", app: true, every: 3, actions: ["create", "read", "update", "delete"] },
  { name: "SEO", app: true, every: 4, actions: ["read", "update"] },
  { name: "Translators", app: true, every: 2, actions: ["read", "update"] },
  { name: "Reviewers", app: true, every: 3, actions: ["read"] },
  { name: "Website API", app: false, every: 1, actions: ["read"] },
  { name: "Mobile API", app: false, every: 5, actions: ["read", "create"] },
  { name: "Forms intake", app: false, every: 7, actions: ["create"] },
  { name: "Developers", app: true, every: 4, actions: ["create", "read", "update", "delete", "share"] },
];

/**
 * An agency site: 75 collections named in permissions (on Directus 12 Core tier only 20 exist, the
 * most it leaves room for), ten policies, several roles sharing them, two API users: 450+ rows.
 */
export async function seedAgencyInstance(server: DirectusServer): Promise<CorpusInstance & { rows: number }> {
  const custom = await customRulesAllowed(server);
  const existing = custom ? AGENCY_COLLECTIONS : AGENCY_COLLECTIONS.slice(0, 20);
  for (const collection of existing) await createCollection(server, collection, ["title", "status", "body"]);
  const policyIds: string[] = [];
  let rows = 0;
  for (const [index, policy] of AGENCY_POLICIES.entries()) {
    const { id } = await post(server, "/policies", { name: policy.name, app_access: policy.app, icon: "badge" });
    policyIds.push(id);
    const granted = AGENCY_COLLECTIONS.filter((_, i) => (i + index) % policy.every === 0);
    const list = granted.flatMap((collection, i) =>
      policy.actions.map((action) => ({
        collection,
        action,
        ...(custom && action === "read" && i % 4 === 1 ? { permissions: { status: { _eq: "published" } } } : {}),
        ...(custom && action === "update" && i % 5 === 2 ? { fields: ["title", "body"] } : {}),
      })),
    );
    rows += list.length;
    await permissions(server, id, list);
  }
  const role = async (name: string, policies: number[], parent?: string) => {
    const { id } = await post(server, "/roles", { name, ...(parent ? { parent } : {}) });
    for (const [sort, p] of policies.entries()) await post(server, "/access", { role: id, policy: policyIds[p], sort });
    return id;
  };
  const editors = await role("Editors", [0, 5]);
  await role("Publishers", [1], editors);
  await role("Marketing team", [2, 3]);
  await role("Translators", [4]);
  await role("Developers", [9, 0]);
  const api = await role("API clients", [6]);
  await post(server, "/users", {
    email: "website-api@agency.example.com",
    role: api,
    token: "corpus-agency-web-token-1",
  });
  const mobile = (await post(server, "/users", { first_name: "Mobile app", token: "corpus-agency-mobile-token-2" })).id;
  await post(server, "/access", { user: mobile, policy: policyIds[7] });
  await post(server, "/access", { user: mobile, policy: policyIds[8] });
  await permissions(server, BUILT_IN_PUBLIC_POLICY, [
    { collection: "pages", action: "read" },
    { collection: "posts", action: "read" },
    { collection: "navigation", action: "read" },
  ]);
  return { name: "agency", customRules: custom, rows, generated: [/new directus\.Policy\("website-api"/] };
}
