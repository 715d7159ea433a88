/**
 * `pulumi-directus audit` against real instances: a clean one reports no error; every problem planted
 * by hand is reported with its rule id in every format, and the SARIF log validates.
 */
import { BUILT_IN_PUBLIC_POLICY } from "../helpers/access-control";
import { directusCli } from "../helpers/cli";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { plantOrdinaryInstance } from "../helpers/planted";
import { restData } from "../helpers/rest";
import { validateSarif } from "../helpers/sarif";

interface JsonReport {
  summary: { errors: number; warnings: number };
  findings: {
    ruleId: string;
    message: string;
    object: { kind: string; id: string };
    property: string;
    alsoOn?: { kind: string }[];
  }[];
  matrix: { rows: { kind: string; name: string }[] };
  principals: { label: string; admin: string; adminPaths: string[] }[];
}

const PLANTED_RULES = ["DSEC-001", "DSEC-002", "DSEC-003", "DSEC-004", "DSEC-005", "DSEC-006", "DSEC-007", "DSEC-008"];

/** The planted Automation role holds flows from one policy and operations from another. */
const AUTOMATION_PATH =
  'role "Automation" -> policy "Flow editors": create directus_flows + policy "Operation editors": create directus_operations -> a flow whose operations run with full access';

describe.each(DIRECTUS_VERSIONS)("audit on Directus %s", (version) => {
  const live = useDirectus(version);

  it("a clean instance (admin 2FA on, ordinary roles and policies) reports no error and exits 0", async () => {
    const admins = await restData<{ id: string }[]>(live.server, "GET", "/policies?filter[admin_access][_eq]=true");
    for (const { id } of admins) await restData(live.server, "PATCH", `/policies/${id}`, { enforce_tfa: true });
    await plantOrdinaryInstance(live.server);
    const run = await directusCli(live.server, ["audit", "--format", "json", "--quiet"]);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.filter((f) => f.ruleId < "DSEC-100")).toEqual([]);
    expect(report.summary.errors).toBe(0);
    expect(run.code).toBe(0);
    expect(report.matrix.rows[0]?.kind).toBe("PublicAccess");
    expect(report.matrix.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["Editors", "Staff", "Editing"]));
  });

  describe("an instance with planted problems", () => {
    beforeAll(async () => {
      const admins = await restData<{ id: string }[]>(live.server, "GET", "/policies?filter[admin_access][_eq]=true");
      for (const { id } of admins) await restData(live.server, "PATCH", `/policies/${id}`, { enforce_tfa: false });
      await restData(live.server, "POST", "/permissions", [
        { policy: BUILT_IN_PUBLIC_POLICY, collection: "articles", action: "create", fields: ["*"] },
        { policy: BUILT_IN_PUBLIC_POLICY, collection: "directus_users", action: "read", fields: ["*"] },
      ]);
      await restData(live.server, "PATCH", `/policies/${BUILT_IN_PUBLIC_POLICY}`, { app_access: true });
      const role = (await restData<{ id: string }>(live.server, "POST", "/roles", { name: "Second admins" })).id;
      const admin = (
        await restData<{ id: string }>(live.server, "POST", "/policies", {
          name: "Second admin",
          admin_access: true,
          enforce_tfa: true,
        })
      ).id;
      await restData(live.server, "POST", "/access", { policy: admin, role });
      await restData(live.server, "PATCH", "/settings", { auth_password_policy: null, auth_login_attempts: null });
      const automation = (await restData<{ id: string }>(live.server, "POST", "/roles", { name: "Automation" })).id;
      for (const [name, collection] of [
        ["Flow editors", "directus_flows"],
        ["Operation editors", "directus_operations"],
      ] as const) {
        const { id: policy } = await restData<{ id: string }>(live.server, "POST", "/policies", { name });
        await restData(live.server, "POST", "/permissions", { policy, collection, action: "create", fields: ["*"] });
        await restData(live.server, "POST", "/access", { policy, role: automation });
      }
    });

    it("reports each planted problem with its rule id in json, text, markdown and sarif", async () => {
      const json = await directusCli(live.server, ["audit", "--format", "json", "--production", "--quiet"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as JsonReport;
      const ids = new Set(report.findings.map((f) => f.ruleId));
      for (const rule of PLANTED_RULES) expect(ids).toContain(rule);
      expect(report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: "DSEC-001", object: expect.objectContaining({ kind: "PublicAccess" }) }),
          expect.objectContaining({ ruleId: "DSEC-008", property: "loginAttempts" }),
        ]),
      );
      // One problem, reported once: on the first policy of the path, and also on the other one and both links.
      const escalation = report.findings.find((f) => f.ruleId === "DSEC-006");
      expect(escalation?.message).toContain(AUTOMATION_PATH);
      expect(escalation?.alsoOn?.map((o) => o.kind).sort()).toEqual(["Policy", "PolicyAttachment", "PolicyAttachment"]);
      const automation = report.principals.find((p) => p.label === 'role "Automation"');
      expect(automation?.admin).toBe("escalates");
      expect(automation?.adminPaths[0]).toContain(AUTOMATION_PATH);
      for (const format of ["text", "markdown", "sarif"]) {
        const run = await directusCli(live.server, ["audit", "--format", format, "--production", "--quiet"]);
        expect(run.code).toBe(1);
        for (const rule of PLANTED_RULES) expect(run.stdout).toContain(rule);
        // The path, whole, in each format (text wraps it, so compare without line breaks there).
        const flat = format === "text" ? run.stdout.replace(/\n +/g, " ") : run.stdout;
        const shown = format === "markdown" ? AUTOMATION_PATH.replace(/[_>]/g, "\\$&") : AUTOMATION_PATH;
        expect(flat).toContain(format === "sarif" ? JSON.stringify(shown).slice(1, -1) : shown);
        if (format === "sarif") {
          const log = JSON.parse(run.stdout) as { runs: { results: { ruleId: string }[] }[] };
          expect(validateSarif(log)).toEqual([]);
          expect(new Set(log.runs[0]?.results.map((r) => r.ruleId))).toEqual(ids);
        }
        if (format === "markdown") expect(run.stdout).toMatch(/\| *Severity/i);
      }
    });

    it("--fail-on decides the exit code; a bad option is refused with help", async () => {
      expect((await directusCli(live.server, ["audit", "--fail-on", "never", "--quiet"])).code).toBe(0);
      expect((await directusCli(live.server, ["audit", "--fail-on", "warning", "--quiet"])).code).toBe(1);
      const bad = await directusCli(live.server, ["audit", "--format", "yaml"]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("yaml");
    });
  });

  it("fails clearly without a token, and never accepts one as a flag", async () => {
    const run = await directusCli(live.server, ["audit", "--token", "x"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("unknown option '--token'");
  });
});
