/**
 * The website scenario from Directus' security guidance, as code:
 * - Public may read published posts only, and only the fields a website shows; nothing public can write.
 * - "Website API": a role, a policy and a service account whose token the website's server uses to
 *   read content and create form submissions.
 * - "Guest Author": may create posts and update only the posts it created.
 * - "Content Manager": full CRUD on content except the analytics collection.
 * - Administrators need two-factor authentication; strong passwords; limited login attempts; a project
 *   name that names the stack (it is the 2FA issuer, so every environment needs its own).
 *
 * Directus 12 without a licence (the Core tier) refuses item filters, field lists and presets, so this
 * model is refused there at preview (rule DSEC-009). `pulumi config set coreTier true` switches to what
 * Core allows: nothing is public, the website's server reads posts with its token and asks for
 * `filter[status][_eq]=published` itself, and there is no Guest Author (it needs an "own items" filter).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  findPolicyIds,
  type PermissionSpec,
  Policy,
  PolicyAttachment,
  PublicAccess,
  plannedCollections,
  Role,
  SecuritySettings,
  ServiceAccount,
} from "pulumi-directus";
import { ensureWebsiteCollections, WEBSITE_COLLECTIONS } from "./content-schema";

const stack = pulumi.getStack();
const config = new pulumi.Config();
const directus = new pulumi.Config("directus");

// --- setup: the content collections (skipped in preview) -------------------------------------------
const directusUrl = directus.get("url") ?? process.env.DIRECTUS_URL ?? "";
const directusToken = directus.getSecret("token") ?? pulumi.secret(process.env.DIRECTUS_TOKEN ?? "");
export const collectionsCreated = directusToken.apply(async (token) =>
  pulumi.runtime.isDryRun() ? [] : ensureWebsiteCollections(directusUrl, token),
);
// The guardrails judge the planned end state: these collections are part of it.
plannedCollections(WEBSITE_COLLECTIONS);

const coreTier = config.getBoolean("coreTier") ?? false;
const published = { status: { _eq: "published" } };
const ownItems = { user_created: { _eq: "$CURRENT_USER" } };
const crud = (collection: string): PermissionSpec[] =>
  (["create", "read", "update", "delete"] as const).map((action) => ({ collection, action }));

// --- public (no authentication) -------------------------------------------------------------------
new PublicAccess("public", {
  permissions: coreTier
    ? []
    : [{ collection: "posts", action: "read", fields: ["id", "title", "slug", "body"], filter: published }],
});

// --- Website API: server-to-server access with a static token --------------------------------------
const websiteRole = new Role("website-api", {
  name: "Website API",
  icon: "api",
  description: "Used by the website's server",
});
const websitePolicy = new Policy("website-api", {
  name: "Website API",
  icon: "api",
  description: "Read published content, create form submissions",
  permissions: coreTier
    ? [
        { collection: "posts", action: "read" },
        { collection: "form_submissions", action: "create" },
      ]
    : [
        { collection: "posts", action: "read", fields: ["id", "title", "slug", "body", "status"], filter: published },
        { collection: "form_submissions", action: "create", fields: ["name", "email", "message"] },
      ],
});
new PolicyAttachment("website-api", { policy: websitePolicy.id, role: websiteRole.id });
const websiteUser = new ServiceAccount("website-api", {
  email: `website-api@${stack}.example.com`,
  firstName: "Website API",
  role: websiteRole.id,
  rotation: config.get("websiteTokenRotation") ?? "initial",
});

// --- Guest Author: may only change what it created (not on the Core tier) --------------------------
function guestAuthor(): { role: Role; policy: Policy } {
  const role = new Role("guest-author", { name: "Guest Author", icon: "edit_note" });
  const policy = new Policy("guest-author", {
    name: "Guest Author",
    icon: "edit_note",
    appAccess: true,
    enforceTfa: true,
    permissions: [
      { collection: "posts", action: "create", fields: ["title", "slug", "body"], presets: { status: "draft" } },
      { collection: "posts", action: "read", filter: ownItems },
      { collection: "posts", action: "update", fields: ["title", "slug", "body"], filter: ownItems },
    ],
  });
  new PolicyAttachment("guest-author", { policy: policy.id, role: role.id });
  return { role, policy };
}
const guest = coreTier ? undefined : guestAuthor();

// --- Content Manager: full CRUD on content, no analytics -------------------------------------------
const managerRole = new Role("content-manager", { name: "Content Manager", icon: "inventory" });
const managerPolicy = new Policy("content-manager", {
  name: "Content Manager",
  icon: "inventory",
  appAccess: true,
  enforceTfa: true,
  permissions: [...crud("posts"), ...crud("form_submissions")],
});
new PolicyAttachment("content-manager", { policy: managerPolicy.id, role: managerRole.id });

// --- Administrators: 2FA required ----------------------------------------------------------------
// Takes over the Administrator policy Directus created at install (or the one named by `adminPolicyId`)
// rather than adding a second admin policy; adopted objects are kept when the stack is destroyed.
const adminPolicyId = config.get("adminPolicyId") ?? findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? "");
const adminPolicy = new Policy("administrator", {
  name: "Administrator",
  icon: "verified",
  description: "Full access; two-factor authentication required",
  adminAccess: true,
  appAccess: true,
  enforceTfa: true,
  adoptId: adminPolicyId,
});

// --- instance security settings ----------------------------------------------------------------------
const settings = new SecuritySettings("security", {
  projectName: `Website (${stack})`,
  passwordPolicy: "strong",
  loginAttempts: config.getNumber("loginAttempts") ?? 5,
});

export const websiteApiUserId = websiteUser.id;
export const websiteApiToken = websiteUser.token;
export const roles = {
  websiteApi: websiteRole.id,
  guestAuthor: guest?.role.id,
  contentManager: managerRole.id,
};
export const policies = {
  websiteApi: websitePolicy.id,
  guestAuthor: guest?.policy.id,
  contentManager: managerPolicy.id,
  administrator: adminPolicy.id,
};
export const projectName = settings.projectName;
