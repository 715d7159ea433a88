/**
 * Instances configured by hand, as a Directus operator would in the Studio, over plain REST: the
 * input of `import` round trips and of `audit`.
 */
import { BUILT_IN_PUBLIC_POLICY, customRulesAllowed } from "./access-control";
import type { DirectusServer } from "./directus";
import { restData } from "./rest";

export interface PlantedInstance {
  readonly roles: { staff: string; editors: string; api: string };
  readonly policies: { editing: string; reporting: string };
  readonly users: { person: string; service: string };
  /** Whether this server accepted field lists, filters, validation and presets (Directus 12 Core tier does not). */
  readonly customRules: boolean;
}

async function createCollection(server: DirectusServer, collection: string): Promise<void> {
  await restData(server, "POST", "/collections", {
    collection,
    schema: {},
    meta: {},
    fields: [
      { field: "id", type: "integer", schema: { is_primary_key: true, has_auto_increment: true }, meta: {} },
      { field: "title", type: "string", schema: {}, meta: {} },
      { field: "status", type: "string", schema: {}, meta: {} },
      { field: "user_created", type: "uuid", schema: {}, meta: {} },
    ],
  });
}

async function create<T = { id: string }>(server: DirectusServer, path: string, body: unknown): Promise<T> {
  return restData<T>(server, "POST", path, body);
}

/** Nested roles, two policies with permissions, role and user links, public read, a service account, changed settings. */
export async function plantOrdinaryInstance(server: DirectusServer): Promise<PlantedInstance> {
  const customRules = await customRulesAllowed(server);
  await createCollection(server, "articles");
  const staff = (await create(server, "/roles", { name: "Staff", icon: "groups", description: "Everyone employed" }))
    .id;
  const editors = (await create(server, "/roles", { name: "Editors", parent: staff })).id;
  const api = (await create(server, "/roles", { name: "API" })).id;
  const editing = (
    await create(server, "/policies", {
      name: "Editing",
      icon: "edit",
      description: "Write articles",
      app_access: true,
      enforce_tfa: true,
      ip_access: ["10.0.0.0/8", "192.168.0.0/16"],
    })
  ).id;
  const reporting = (await create(server, "/policies", { name: "Reporting" })).id;
  const rules = customRules
    ? [
        {
          collection: "articles",
          action: "read",
          fields: ["status", "title"],
          permissions: { status: { _eq: "published" } },
        },
        {
          collection: "articles",
          action: "create",
          fields: ["*"],
          validation: { title: { _nnull: true } },
          presets: { status: "draft" },
        },
        {
          collection: "articles",
          action: "update",
          fields: ["*"],
          permissions: { _and: [{ user_created: { _eq: "$CURRENT_USER" } }] },
        },
      ]
    : [
        { collection: "articles", action: "read", fields: ["*"] },
        { collection: "articles", action: "create", fields: ["*"] },
      ];
  await create(
    server,
    "/permissions",
    rules.map((rule) => ({ ...rule, policy: editing })),
  );
  await create(server, "/permissions", [{ policy: reporting, collection: "articles", action: "read", fields: ["*"] }]);
  await create(server, "/permissions", [
    {
      policy: BUILT_IN_PUBLIC_POLICY,
      collection: "articles",
      action: "read",
      fields: ["*"],
      ...(customRules ? { permissions: { status: { _eq: "published" } } } : {}),
    },
  ]);
  await create(server, "/access", { policy: editing, role: editors, sort: 1 });
  await create(server, "/access", { policy: reporting, role: staff });
  const person = (await create(server, "/users", { email: "reader@example.com", password: "Correct-Horse-9!" })).id;
  await create(server, "/access", { policy: reporting, user: person });
  const service = (
    await create(server, "/users", {
      email: "website@example.com",
      first_name: "Website",
      role: api,
      token: "planted-service-token-0123456789",
    })
  ).id;
  await restData(server, "PATCH", "/settings", {
    project_name: "Planted",
    auth_password_policy: "/(?=^.{8,}$)(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()_+}{';'?>.<,])(?!.*\\s).*$/",
    auth_login_attempts: 5,
  });
  return {
    roles: { staff, editors, api },
    policies: { editing, reporting },
    users: { person, service },
    customRules,
  };
}
