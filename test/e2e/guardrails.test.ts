import { customRulesAllowed } from "../helpers/access-control";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { restData } from "../helpers/rest";
import { ensureCollection } from "../helpers/schema";
import { accessControlSnapshot } from "../helpers/snapshot";
import { TestStack } from "../helpers/stack";

/** What the escalation-edges scenario must be refused for: one path per edge, named from its holder. */
const ESCALATION_PATHS = [
  'policy "Edge access" -> create directus_access -> any policy linked to itself',
  'policy "Edge policies" -> update directus_policies -> admin access on a policy it holds',
  'policy "Edge roles" -> update directus_roles -> its role under a role with admin access',
  'policy "Edge permissions" -> create directus_permissions -> any permission',
  'policy "Edge settings" -> update directus_settings -> public registration into any role',
  'policy "Edge passwords" -> update directus_users.password -> another user\'s sign-in',
  'role "Automation" -> policy "Flow editors": create directus_flows + policy "Operation editors": create directus_operations -> a flow whose operations run with full access',
  'public -> self-registration -> role "Members" -> policy "Sign-up" -> create directus_users.role',
];

const ERROR_SCENARIOS = [
  "DSEC-001",
  "DSEC-002",
  "DSEC-003",
  "DSEC-004",
  "DSEC-005",
  "DSEC-006",
  "DSEC-007",
  "DSEC-008",
  "DSEC-010",
  "DSEC-011",
];

/**
 * The scenarios that also go through \`up\`: a refusal stops every \`up\` the same way (the judgement ends
 * the program before anything is registered), so a rule error, a shape error, a conflict, a missing
 * id and a cut-off value stand for all; every scenario is previewed.
 */
const UP_TOO = new Set([
  "DSEC-001",
  "DSEC-009",
  "public-write-through-new-policy",
  "settings-twice",
  "typo-in-argument",
  "attachment-to-missing-policy",
  "filter-nested-1000-levels",
]);

describe.each(DIRECTUS_VERSIONS)("guardrails through the real engine on Directus %s", (version) => {
  const live = useDirectus(version);

  beforeAll(async () => {
    await ensureCollection(live.server, "posts", ["title", "status"]);
    await ensureCollection(live.server, "form_submissions", ["email", "message"]);
  });

  const refusedScenarios = async () => [
    ...ERROR_SCENARIOS,
    ...(!(await customRulesAllowed(live.server)) ? ["DSEC-009"] : []),
  ];

  it("refuses each error rule in preview and up, naming the rule, and leaves the instance byte-for-byte unchanged", async () => {
    for (const scenario of await refusedScenarios()) {
      const stack = new TestStack("examples/guardrails", live.server, { "directus-guardrails:scenario": scenario });
      try {
        const before = await accessControlSnapshot(live.server);
        const preview = await stack.run("preview");
        if (preview.code === 0)
          throw new Error(`${scenario}: the preview passed but must be refused:
${preview.output}`);
        expect(preview.output).toContain(`[${scenario} `);
        expect(preview.output).toMatch(/Fix: /);
        if (UP_TOO.has(scenario)) {
          const up = await stack.run("up");
          expect(up.code).not.toBe(0);
          expect(up.output).toContain(`[${scenario} `);
        }
        expect(await accessControlSnapshot(live.server)).toBe(before);
      } finally {
        stack.dispose();
      }
    }
  });

  it("refuses what only the whole program shows, in preview and in up --skip-preview, writing nothing", async () => {
    // Two users for the admin-count scenario, each of which alone stays within the limit of 2 admins.
    const users = await Promise.all(
      ["first", "second"].map((who) =>
        restData<{ id: string }>(live.server, "POST", "/users", { email: `${who}-${version}@example.com` }),
      ),
    );
    const cases: [string, string | string[]][] = [
      ["public-write-through-new-policy", "[DSEC-001 public-write]"],
      ["permission-on-public-policy", "[DSEC-001 public-write]"],
      ["escalation-through-new-policy", "[DSEC-006 privilege-escalation]"],
      // Shown on the real server in test/integration/escalation.test.ts.
      ["flows-through-new-policy", "create directus_flows + create directus_operations -> a flow whose operations run"],
      ["escalation-edges", ESCALATION_PATHS],
      ["public-policy-gets-app-access", "[DSEC-002 public-admin-or-app-access]"],
      ["two-admin-grants", "[DSEC-004 admin-grant-limit]"],
      ["permission-on-live-public-policy", "[DSEC-001 public-write]"],
      ["public-system-collection-through-new-policy", "[DSEC-003 public-system-collections]"],
      ["admin-through-new-role", "[DSEC-004 admin-grant-limit]"],
      ...((await customRulesAllowed(live.server))
        ? []
        : ([["core-tier-rule-on-new-policy", "[DSEC-009 core-tier-custom-rules]"]] as [string, string][])),
      ["settings-twice", "SecuritySettings 'security' of this program already manages"],
      ["public-access-twice", "PublicAccess 'public' of this program already manages"],
      ["attachment-twice", "PolicyAttachment 'editors-write' of this program already manages"],
      ["permission-twice", "Permission 'writers-posts' of this program already manages"],
      ["permission-on-inline-policy", "managed inline by Policy 'editors'"],
      ["typo-in-argument", 'Unrecognized key: "appAcess"'],
      ["ip-access-not-an-ip", "property ipAccess[0]: must be an IP address, a CIDR block"],
      ["weak-custom-regex-in-production", "[DSEC-007 password-policy]"],
      ["admin-access-dropped", "[DSEC-010 operator-lockout]"],
      ["filter-with-unknown-operator", "property filter._and[0].status._bogus: "],
      ["collection-name-too-long", "longer than the 64 characters Directus allows"],
      // Refused by the filter grammar at Directus' own depth limit, with the path; nothing deeper is read.
      ["filter-nested-1000-levels", "the filter nests deeper than 10 levels here"],
      ["attachment-to-missing-policy", "property policy: policy 00000000-0000-4000-8000-00000000dead does not exist"],
      ["service-account-email-taken", "has the email admin@example.com already"],
      ["registration-into-admin-role", "[DSEC-013 public-registration-admin]"],
    ];
    for (const [scenario, expected] of cases) {
      const stack = new TestStack("examples/guardrails", live.server, {
        "directus-guardrails:scenario": scenario,
        "directus-guardrails:users": users.map((u) => u.id).join(","),
      });
      try {
        const before = await accessControlSnapshot(live.server);
        const preview = await stack.run("preview");
        if (preview.code === 0)
          throw new Error(`${scenario}: the preview passed but must be refused:\n${preview.output}`);
        for (const text of [expected].flat()) expect(preview.output).toContain(text);
        expect(preview.output).toContain("Nothing was written to Directus");
        if (UP_TOO.has(scenario)) {
          const up = await stack.run("up", ["--skip-preview"]);
          if (up.code === 0)
            throw new Error(`${scenario}: up --skip-preview passed but must be refused:\n${up.output}`);
          for (const text of [expected].flat()) expect(up.output).toContain(text);
        }
        expect(await accessControlSnapshot(live.server)).toBe(before);
      } finally {
        stack.dispose();
      }
    }
  });

  it("refuses to take over what another stack manages (DSEC-012), from Directus' activity log", async () => {
    const config = { "directus-guardrails:scenario": "shared-objects" };
    const first = new TestStack("examples/guardrails", live.server, config);
    const second = new TestStack("examples/guardrails", live.server, config);
    try {
      await first.ok("up");
      const before = await accessControlSnapshot(live.server);
      const preview = await second.run("preview");
      if (preview.code === 0) throw new Error(`the second stack's preview passed:\n${preview.output}`);
      const owner = `directus-guardrails/${first.stackName}`;
      expect(preview.output).toContain(`[DSEC-012 foreign-stack] stack ${owner} also manages the security settings`);
      expect(preview.output).toMatch(
        /\[DSEC-012 foreign-stack\] stack \S+ also manages the public access of policy [0-9a-f-]+/,
      );
      const up = await second.run("up", ["--skip-preview"]);
      expect(up.code).not.toBe(0);
      expect(await accessControlSnapshot(live.server)).toBe(before);
      // The owner itself is not refused.
      expect((await first.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
      // Once the owner is destroyed (its deletes record a release), the second stack may take over.
      await first.ok("destroy");
      await second.ok("up");
      await second.ok("destroy");
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it("shows warnings and acknowledged errors in preview without blocking", async () => {
    const [admin] = await restData<{ id: string }[]>(live.server, "GET", "/users?filter[email][_eq]=admin@example.com");
    const stack = new TestStack("examples/guardrails", live.server, {
      "directus-guardrails:scenario": "warnings",
      "directus-guardrails:users": admin?.id ?? "",
    });
    try {
      const preview = await stack.run("preview");
      expect(preview.code).toBe(0);
      expect(preview.output).toContain("[DSEC-102 app-access-without-tfa]");
      expect(preview.output).toContain("[DSEC-105 project-name-environment]");
      expect(preview.output).toContain("[DSEC-001 public-write] acknowledged");
      expect(preview.output).toContain("contact form, spam is filtered downstream");
      // DSEC-101 reads the live schema: posts has a status field and the public read has no filter.
      expect(preview.output).toContain("[DSEC-101 public-read-unfiltered]");
      // Judged with the references followed: the 2FA policy is new in this program.
      expect(preview.output).toContain("[DSEC-103 tfa-on-user-link]");
      expect(preview.output).toContain("[DSEC-106 unknown-collection] collection 'postz' does not exist");
    } finally {
      stack.dispose();
    }
  });

  it("keeps acknowledgements stable: every resource kind with one converges on a second up and after a refresh", async () => {
    const stack = new TestStack("examples/guardrails", live.server, { "directus-guardrails:scenario": "acknowledged" });
    try {
      expect((await stack.ok("up")).summary?.create).toBe(9);
      expect((await stack.ok("up")).changes).toBe(0);
      expect((await stack.ok("refresh")).changes).toBe(0);
      expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);
      await stack.ok("destroy");
    } finally {
      stack.dispose();
    }
  });

  it("runs the same rules as a policy pack: mandatory for errors, advisory for warnings", async () => {
    // What the README tells users to type, from the project folder.
    const pack = ["--policy-pack", "node_modules/pulumi-directus/policy-pack"];
    const refused = new TestStack("examples/guardrails", live.server, { "directus-guardrails:scenario": "DSEC-005" });
    const advised = new TestStack("examples/guardrails", live.server, { "directus-guardrails:scenario": "warnings" });
    try {
      const before = await accessControlSnapshot(live.server);
      const preview = await refused.run("preview", pack);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(/directus-security@v[\d.]+ \(local: node_modules\/pulumi-directus\/policy-pack\)/);
      expect(preview.output).toMatch(/\[mandatory\]\s+dsec-005-admin-without-tfa/);
      expect(await accessControlSnapshot(live.server)).toBe(before);
      const advisory = await advised.run("preview", pack);
      expect(advisory.code).toBe(0);
      expect(advisory.output).toMatch(/\[advisory\]\s+dsec-102-app-access-without-tfa/);
      expect(advisory.output).not.toMatch(/\[mandatory\]/);
      // The launcher form, for engines without a Node language host (README, "In CI, as a policy pack").
      const launcher = await refused.run("preview", [
        "--policy-pack",
        "node_modules/pulumi-directus/policy-pack/analyzer",
      ]);
      expect(launcher.code).not.toBe(0);
      expect(launcher.output).toMatch(/\[mandatory\]\s+dsec-005-admin-without-tfa/);
    } finally {
      refused.dispose();
      advised.dispose();
    }
  });

  it("reports an existing excess of admins when the program adopts the admin policy, naming the users", async () => {
    const [adminUser] = await restData<{ id: string; role: string }[]>(
      live.server,
      "GET",
      "/users?filter[email][_eq]=admin@example.com&fields=id,role",
    );
    const extra = await Promise.all(
      ["ops-1", "ops-2"].map((who) =>
        restData<{ id: string }>(live.server, "POST", "/users", {
          email: `${who}-${version}@example.com`,
          role: adminUser?.role,
        }),
      ),
    );
    const stack = new TestStack("examples/guardrails", live.server, {
      "directus-guardrails:scenario": "adopt-admin-policy",
    });
    try {
      const before = await accessControlSnapshot(live.server);
      const preview = await stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(
        /\[DSEC-004 admin-grant-limit\] the planned end state gives 3 active users admin access/,
      );
      for (const user of extra) expect(preview.output).toContain(user.id);
      const up = await stack.run("up", ["--skip-preview"]);
      expect(up.code).not.toBe(0);
      expect(await accessControlSnapshot(live.server)).toBe(before);
    } finally {
      stack.dispose();
      for (const user of extra) await restData(live.server, "DELETE", `/users/${user.id}`);
    }
  });
});
