/**
 * Programs that break one security rule each, to see the guardrails at work:
 *   pulumi config set scenario DSEC-001 && pulumi preview   # fails, names DSEC-001, changes nothing
 *   pulumi config set scenario warnings && pulumi preview   # passes, prints DSEC-1xx warnings
 * Every scenario also declares a harmless role, which must not be created when the preview fails.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  findPolicyIds,
  Permission,
  Policy,
  type PolicyArgs,
  PolicyAttachment,
  PublicAccess,
  Role,
  SecuritySettings,
  ServiceAccount,
} from "pulumi-directus";

const scenario = new pulumi.Config().require("scenario");
const stack = pulumi.getStack();

new Role("bystander", { name: `Bystander (${stack})` });

const scenarios: Record<string, () => void> = {
  "DSEC-001": () =>
    new PublicAccess("public", { permissions: [{ collection: "posts", action: "create", fields: ["*"] }] }),
  "DSEC-002": () =>
    new PublicAccess("public", {
      policy: findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? ""),
      permissions: [{ collection: "posts", action: "read" }],
    }),
  "DSEC-003": () => new PublicAccess("public", { permissions: [{ collection: "directus_users", action: "read" }] }),
  "DSEC-004": () =>
    new Policy("second-admin", { name: "Second admins", adminAccess: true, appAccess: true, enforceTfa: true }),
  "DSEC-005": () => new Policy("admin-without-tfa", { name: "Admins without 2FA", adminAccess: true, appAccess: true }),
  "DSEC-006": () =>
    new Policy("escalation", {
      name: "Editors who can edit users",
      appAccess: true,
      enforceTfa: true,
      permissions: [{ collection: "directus_users", action: "update" }],
    }),
  "DSEC-007": () => new SecuritySettings("security", { passwordPolicy: "none", production: true }),
  "DSEC-008": () => new SecuritySettings("security", { loginAttempts: null }),
  "DSEC-009": () =>
    new Policy("filtered", {
      name: "Filtered readers",
      permissions: [{ collection: "posts", action: "read", filter: { status: { _eq: "published" } } }],
    }),
  "DSEC-010": () =>
    // The token this stack runs with reaches admin through this policy: an IP restriction could cut it off.
    new Policy("administrator", {
      name: "Administrator",
      adminAccess: true,
      appAccess: true,
      enforceTfa: true,
      ipAccess: ["10.0.0.0/8"],
      adoptId: findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? ""),
    }),
  "DSEC-011": () => new SecuritySettings("security", { passwordPolicy: { regex: "/^.{12,}$/gi" } }),
  // --- patterns that only the whole program shows: the grant is made through another resource of it ---
  "public-write-through-new-policy": () => {
    const helpers = new Policy("helpers", { name: "Helpers" });
    new PublicAccess("public", { policy: helpers.id, permissions: [{ collection: "posts", action: "create" }] });
  },
  "permission-on-public-policy": () => {
    const helpers = new Policy("helpers", { name: "Helpers" });
    new PublicAccess("public", { policy: helpers.id, permissions: [{ collection: "posts", action: "read" }] });
    new Permission("helpers-create-posts", { policy: helpers.id, collection: "posts", action: "create" });
  },
  "escalation-through-new-policy": () => {
    const editors = new Policy("editors", { name: "Editors", appAccess: true, enforceTfa: true });
    new Permission("editors-update-users", { policy: editors.id, collection: "directus_users", action: "update" });
  },
  "flows-through-new-policy": () => {
    const automation = new Policy("automation", { name: "Automation" });
    new Permission("automation-create-flows", {
      policy: automation.id,
      collection: "directus_flows",
      action: "create",
    });
    new Permission("automation-create-operations", {
      policy: automation.id,
      collection: "directus_operations",
      action: "create",
    });
  },
  // Every escalation edge of docs/escalation-edges.md in one program; each is shown on the real server
  // in test/integration/escalation.test.ts.
  "escalation-edges": () => {
    const edge = (key: string, collection: string, action: "create" | "update", fields?: string[]) =>
      new Policy(key, { name: `Edge ${key}`, permissions: [{ collection, action, ...(fields ? { fields } : {}) }] });
    edge("access", "directus_access", "create");
    edge("policies", "directus_policies", "update");
    edge("roles", "directus_roles", "update");
    edge("permissions", "directus_permissions", "create");
    edge("settings", "directus_settings", "update");
    edge("passwords", "directus_users", "update", ["password"]);
    // Flows from one policy and operations from another, brought together by one role.
    const automation = new Role("automation", { name: "Automation" });
    const flows = new Policy("flow-editors", {
      name: "Flow editors",
      permissions: [{ collection: "directus_flows", action: "create" }],
    });
    const operations = new Policy("operation-editors", {
      name: "Operation editors",
      permissions: [{ collection: "directus_operations", action: "create" }],
    });
    new PolicyAttachment("automation-flows", { policy: flows.id, role: automation.id });
    new PolicyAttachment("automation-operations", { policy: operations.id, role: automation.id });
    // Self-registration into a role whose policy may create users with a role.
    const members = new Role("members", { name: "Members" });
    const signUp = new Policy("sign-up", {
      name: "Sign-up",
      permissions: [{ collection: "directus_users", action: "create", fields: ["email", "password", "role"] }],
    });
    new PolicyAttachment("members-sign-up", { policy: signUp.id, role: members.id });
    new SecuritySettings("security", { publicRegistration: { enabled: true, verifyEmail: true, role: members.id } });
  },
  "public-policy-gets-app-access": () =>
    new Policy("public-policy", {
      name: "$t:public_label",
      appAccess: true,
      adoptId: "abf8a154-5b1c-4a46-ac9c-7300570f4f17",
    }),
  "permission-on-live-public-policy": () =>
    new Permission("public-create-posts", {
      policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17",
      collection: "posts",
      action: "create",
    }),
  "adopt-admin-policy": () =>
    new Policy("administrator", {
      name: "Administrator",
      adminAccess: true,
      appAccess: true,
      enforceTfa: true,
      adoptId: findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? ""),
    }),
  "public-system-collection-through-new-policy": () => {
    const helpers = new Policy("helpers", { name: "Helpers" });
    new PublicAccess("public", { policy: helpers.id, permissions: [] });
    new Permission("helpers-read-users", { policy: helpers.id, collection: "directus_users", action: "read" });
  },
  "admin-through-new-role": () => {
    // The live admin plus two service accounts in a new role that gets the admin policy: 3 > 2.
    const admin = findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? "");
    const operators = new Role("operators", { name: "Operators" });
    const nightShift = new Role("night-shift", { name: "Night shift", parent: operators.id });
    new PolicyAttachment("operators-admin", { policy: admin, role: operators.id });
    new ServiceAccount("robot-1", { email: `robot-1@${stack}.example.com`, role: operators.id });
    new ServiceAccount("robot-2", { email: `robot-2@${stack}.example.com`, role: nightShift.id });
  },
  "core-tier-rule-on-new-policy": () => {
    const readers = new Policy("readers", { name: "Readers" });
    new Permission("readers-published", {
      policy: readers.id,
      collection: "posts",
      action: "read",
      filter: { status: { _eq: "published" } },
    });
  },
  "two-admin-grants": () => {
    const admin = findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? "");
    const users = (new pulumi.Config().get("users") ?? "").split(",");
    users.forEach((user, i) => {
      new PolicyAttachment(`admin-${i}`, { policy: admin, user });
    });
  },
  "settings-twice": () => {
    new SecuritySettings("security", { loginAttempts: 5 });
    new SecuritySettings("security-again", { loginAttempts: 7 });
  },
  "shared-objects": () => {
    // Run by two stacks: the second is refused (DSEC-012) while the first manages these.
    new SecuritySettings("security", { loginAttempts: 5 });
    new PublicAccess("public", { permissions: [{ collection: "posts", action: "read" }] });
  },
  "attachment-twice": () => {
    const editors = new Role("editors", { name: "Editors" });
    const writers = new Policy("writers", { name: "Writers" });
    new PolicyAttachment("editors-write", { policy: writers.id, role: editors.id });
    new PolicyAttachment("editors-write-again", { policy: writers.id, role: editors.id });
  },
  "permission-twice": () => {
    const writers = new Policy("writers", { name: "Writers" });
    new Permission("writers-posts", { policy: writers.id, collection: "posts", action: "read" });
    new Permission("writers-posts-again", { policy: writers, collection: "posts", action: "read", fields: ["title"] });
  },
  "public-access-twice": () => {
    new PublicAccess("public", { permissions: [{ collection: "posts", action: "read" }] });
    new PublicAccess("public-again", { permissions: [] });
  },
  "permission-on-inline-policy": () => {
    const editors = new Policy("editors", { name: "Editors", permissions: [{ collection: "posts", action: "read" }] });
    new Permission("editors-update-posts", { policy: editors.id, collection: "posts", action: "update" });
  },
  // --- inputs that cannot be right ---
  "typo-in-argument": () => {
    // What a JavaScript program (or an `any`) can pass: the misspelled key must not be dropped silently.
    const args: Record<string, unknown> = { name: "Studio users", appAcess: true };
    new Policy("typo", args as unknown as PolicyArgs);
  },
  "ip-access-not-an-ip": () => new Policy("office", { name: "Office only", ipAccess: ["not-an-ip"] }),
  "admin-access-dropped": () =>
    new Policy("administrator", {
      name: "Administrator",
      adminAccess: false,
      appAccess: true,
      enforceTfa: true,
      adoptId: findPolicyIds({ adminAccess: true }).apply((ids) => ids[0] ?? ""),
    }),
  "filter-with-unknown-operator": () => {
    const readers = new Policy("readers", { name: "Readers" });
    new Permission("readers-posts", {
      policy: readers.id,
      collection: "posts",
      action: "read",
      filter: { _and: [{ status: { _bogus: "published" } }] },
    });
  },
  "filter-nested-1000-levels": () => {
    // Generated, as a tool or a careless merge might: far deeper than any filter Directus can read.
    let filter: Record<string, unknown> = { status: { _eq: "published" } };
    for (let level = 0; level < 1000; level++) filter = { _and: [filter] };
    new Policy("editors", { name: "Editors", permissions: [{ collection: "posts", action: "read", filter }] });
  },
  "attachment-to-missing-policy": () =>
    new PolicyAttachment("editors-ghost", {
      policy: "00000000-0000-4000-8000-00000000dead",
      role: new Role("editors", { name: "Editors" }).id,
    }),
  "registration-into-admin-role": () => {
    // The admin grant comes from other resources of the program: the rule follows the references.
    const owners = new Role("owners", { name: "Owners" });
    const everything = new Policy("everything", { name: "Everything", adminAccess: true, enforceTfa: true });
    new PolicyAttachment("owners-everything", { policy: everything.id, role: owners.id });
    new SecuritySettings("security", {
      publicRegistration: { enabled: true, verifyEmail: true, role: owners.id },
    });
  },
  "service-account-email-taken": () => new ServiceAccount("admin-copy", { email: "ADMIN@example.com" }),
  "collection-name-too-long": () =>
    new PublicAccess("public", { permissions: [{ collection: "c".repeat(100_000), action: "read" }] }),
  "weak-custom-regex-in-production": () =>
    new SecuritySettings("security", { passwordPolicy: { regex: "^.{8,}$" }, production: true }),
  // Every resource kind with an acknowledgement: converges like any other program (no diff on a second up).
  acknowledged: () => {
    const because = (rule: string) => [{ rule, reason: `reviewed: ${rule} is accepted for this scenario` }];
    const role = new Role("acknowledged", { name: `Acknowledged (${stack})`, acknowledge: because("DSEC-004") });
    const policy = new Policy("acknowledged", { name: `Acknowledged (${stack})`, acknowledge: because("DSEC-006") });
    new Permission("acknowledged", {
      policy: policy.id,
      collection: "posts",
      action: "read",
      acknowledge: because("DSEC-006"),
    });
    new PolicyAttachment("acknowledged", { policy: policy.id, role: role.id, acknowledge: because("DSEC-004") });
    new PublicAccess("public", {
      permissions: [{ collection: "form_submissions", action: "create" }],
      acknowledge: because("DSEC-001"),
    });
    new ServiceAccount("acknowledged", {
      email: `acknowledged@${stack}.example.com`,
      role: role.id,
      acknowledge: because("DSEC-004"),
    });
    new SecuritySettings("security", {
      projectName: `Guardrails (${stack})`,
      loginAttempts: 5,
      acknowledge: because("DSEC-008"),
    });
  },
  warnings: () => {
    new PublicAccess("public", {
      permissions: [
        { collection: "posts", action: "read" },
        { collection: "form_submissions", action: "create" },
        { collection: "postz", action: "read" },
      ],
      acknowledge: [{ rule: "DSEC-001", reason: "contact form, spam is filtered downstream" }],
    });
    new Policy("studio-without-tfa", { name: "Studio readers", appAccess: true });
    // A new 2FA policy attached to a user: Directus enforces 2FA at login only through roles.
    const [user] = (new pulumi.Config().get("users") ?? "").split(",");
    if (user) {
      const tfa = new Policy("tfa-for-one-user", { name: "2FA for one user", enforceTfa: true });
      new PolicyAttachment("tfa-for-one-user", { policy: tfa.id, user });
    }
    new SecuritySettings("security", { projectName: "Directus", loginAttempts: 5 });
  },
};

const declare = scenarios[scenario];
if (!declare) throw new Error(`unknown scenario '${scenario}'; one of: ${Object.keys(scenarios).join(", ")}`);
declare();
