import type * as Sarif from "sarif";
import { type AuditReport, auditPrincipals, permissionMatrix } from "../../provider/cli/audit-report";
import { FLEET_INCOMPLETE, fleetExitCode, formatFleet } from "../../provider/cli/fleet/format";
import { parseInstances } from "../../provider/cli/fleet/instances";
import type { FleetEntry } from "../../provider/cli/fleet/run";
import { auditFleet } from "../../provider/cli/fleet/run";
import type { InstanceModel } from "../../provider/model/instance";
import { SECURITY_RULES } from "../../provider/rules/registry";
import { validateSarif } from "../helpers/sarif";

describe("instances file", () => {
  it("reads YAML and JSON, trims a trailing slash of the URL", () => {
    const yaml = "instances:\n  - name: acme\n    url: https://cms.acme.example/\n    tokenEnv: ACME_TOKEN\n";
    const json = '[{"name": "acme", "url": "https://cms.acme.example", "tokenEnv": "ACME_TOKEN"}]';
    const expected = [{ name: "acme", url: "https://cms.acme.example", tokenEnv: "ACME_TOKEN" }];
    expect(parseInstances(yaml, "fleet.yaml")).toEqual(expected);
    expect(parseInstances(json, "fleet.json")).toEqual(expected);
  });

  it("refuses a token in the file, and says where to put it", () => {
    const text = "instances:\n  - name: acme\n    url: https://a.example\n    tokenEnv: A\n    token: abc\n";
    expect(() => parseInstances(text, "fleet.yaml")).toThrow(
      /fleet\.yaml: instances\[0\] holds a token or password\. Never put one in the instances file: .*tokenEnv/,
    );
  });

  it.each([
    ["no list", "name: acme\n", /the file/],
    ["an empty list", "instances: []\n", /lists no instance/],
    ["a bad URL", "- {name: a, url: cms.example, tokenEnv: A}\n", /instances\[0\]\.url must be an http\(s\) URL/],
    ["a bad variable", "- {name: a, url: https://a.example, tokenEnv: 'A-B'}\n", /instances\[0\]\.tokenEnv must name/],
    ["an unknown key", "- {name: a, url: https://a.example, tokenEnv: A, urls: x}\n", /instances\[0\]/],
    [
      "a name used twice",
      "- {name: a, url: https://a.example, tokenEnv: A}\n- {name: a, url: https://b.example, tokenEnv: B}\n",
      /the name 'a' is used twice/,
    ],
    ["not YAML", "instances: [\n", /neither YAML nor JSON/],
  ])("refuses %s with the place and an example", (_what, text, message) => {
    expect(() => parseInstances(text, "fleet.yaml")).toThrow(message);
  });
});

function model(publicWrite: boolean): InstanceModel {
  return {
    version: "11.17.4",
    customPermissionRules: true,
    roles: [],
    policies: [
      {
        id: "p-public",
        name: "$t:public_label",
        description: null,
        icon: "public",
        adminAccess: false,
        appAccess: false,
        enforceTfa: false,
        ipAccess: null,
        permissions: publicWrite
          ? [
              {
                id: 1,
                collection: "posts",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            ]
          : [],
      },
    ],
    links: [],
    publicLinks: [{ id: "l0", policy: "p-public" }],
    users: [],
    settings: {
      projectName: "Site",
      passwordPolicy: "strong",
      loginAttempts: 5,
      publicRegistration: { enabled: false, verifyEmail: true, role: null, emailFilter: null },
    },
    fields: { posts: ["id", "title"] },
  };
}

function reportOf(url: string, publicWrite: boolean): AuditReport {
  const rule = SECURITY_RULES.find((r) => r.id === "DSEC-001");
  if (!rule) throw new Error("DSEC-001 is missing");
  const instance = model(publicWrite);
  return {
    instance: { url, version: instance.version },
    findings: publicWrite
      ? [
          {
            ruleId: rule.id,
            ruleName: rule.name,
            severity: "error",
            message: "public create on 'posts'",
            rationale: rule.rationale,
            remediation: rule.remediation,
            object: { kind: "PublicAccess", id: "p-public", name: "public" },
            property: "permissions[0]",
            target: "posts:create",
          },
        ]
      : [],
    matrix: permissionMatrix(instance),
    principals: auditPrincipals(instance),
  };
}

const ACME = { name: "acme", url: "https://acme.example", tokenEnv: "ACME" };
const BETA = { name: "beta", url: "https://beta.example", tokenEnv: "BETA" };
const GONE = { name: "gone", url: "http://127.0.0.1:9", tokenEnv: "GONE" };

const ENTRIES: readonly FleetEntry[] = [
  { instance: ACME, status: "audited", report: reportOf(ACME.url, true) },
  { instance: BETA, status: "audited", report: reportOf(BETA.url, false) },
  { instance: GONE, status: "failed", error: "Directus at http://127.0.0.1:9 cannot be reached (ECONNREFUSED)" },
];

describe("fleet audit", () => {
  it("audits at most `concurrency` instances at once, keeps their order, and carries on past a failure", async () => {
    let running = 0;
    let most = 0;
    const entries = await auditFleet([ACME, GONE, BETA, { ...BETA, name: "delta" }], 2, async (instance) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      if (instance === GONE) throw new Error("unreachable");
      return reportOf(instance.url, false);
    });
    expect(most).toBe(2);
    expect(entries.map((e) => [e.instance.name, e.status])).toEqual([
      ["acme", "audited"],
      ["gone", "failed"],
      ["beta", "audited"],
      ["delta", "audited"],
    ]);
  });

  it("exits 2 when an instance was not audited, else by --fail-on over all instances", () => {
    expect(fleetExitCode(ENTRIES, "never")).toBe(FLEET_INCOMPLETE);
    const audited = ENTRIES.slice(0, 2);
    expect(fleetExitCode(audited, "error")).toBe(1);
    expect(fleetExitCode(audited, "never")).toBe(0);
    expect(fleetExitCode(audited.slice(1), "warning")).toBe(0);
  });

  it("text and markdown: a summary per instance, the unreachable one said as such, and the fleet's totals", () => {
    const text = formatFleet(ENTRIES, "text", "1.2.3");
    expect(text).toContain("== acme (https://acme.example, Directus 11.17.4): 1 error, 0 warnings.");
    expect(text).toContain("DSEC-001 public-write (1)");
    expect(text).toContain("== beta (https://beta.example, Directus 11.17.4): No findings.");
    expect(text).toContain(
      "== gone (http://127.0.0.1:9): NOT AUDITED - Directus at http://127.0.0.1:9 cannot be reached",
    );
    expect(text).toContain("Fleet: 3 instances, 2 audited, 1 NOT audited; 1 error, 0 warnings.");
    const markdown = formatFleet(ENTRIES, "markdown", "1.2.3");
    expect(markdown).toContain("| acme | https://acme.example | 11.17.4 | 1 | 0 | 0 | audited |");
    expect(markdown).toMatch(/\| gone \| http:\/\/127\.0\.0\.1:9 \|.*not audited: Directus at/);
    expect(markdown).toContain("## acme");
  });

  it("json: one entry per instance; sarif: one valid run per instance, the failed one unsuccessful", () => {
    const json = JSON.parse(formatFleet(ENTRIES, "json", "1.2.3")) as {
      summary: Record<string, number>;
      instances: { name: string; status: string; error?: string; summary?: { errors: number } }[];
    };
    expect(json.summary).toEqual({ instances: 3, audited: 2, failed: 1, errors: 1, warnings: 0 });
    expect(json.instances.map((i) => [i.name, i.status, i.summary?.errors])).toEqual([
      ["acme", "audited", 1],
      ["beta", "audited", 0],
      ["gone", "failed", undefined],
    ]);
    const sarif = JSON.parse(formatFleet(ENTRIES, "sarif", "1.2.3")) as Sarif.Log;
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs.map((r) => r.automationDetails?.id)).toEqual([
      "pulumi-directus/acme/",
      "pulumi-directus/beta/",
      "pulumi-directus/gone/",
    ]);
    expect(sarif.runs.map((r) => r.invocations?.[0]?.executionSuccessful)).toEqual([true, true, false]);
    expect(sarif.runs[0]?.results?.map((r) => r.ruleId)).toEqual(["DSEC-001"]);
  });

  it("html: an overview linking to each audited instance's report, anchors unique per instance", () => {
    const html = formatFleet(ENTRIES, "html", "1.2.3");
    expect(html).toContain('<th scope="row"><a href="#instance-0">acme</a></th>');
    expect(html).toContain('<th scope="row">gone</th>');
    expect(html).toContain('<section class="report" data-report id="instance-0">');
    expect(html).toContain('<section class="report" data-report id="instance-1">');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
