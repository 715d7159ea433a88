import { reportLines, SHOWN_PER_GROUP } from "../../provider/plan/report";
import { publicWrite } from "../../provider/rules/dsec-001-public-write";
import { unknownCollection } from "../../provider/rules/dsec-106-unknown-collection";
import type { Finding, SecurityRule } from "../../provider/rules/types";

const hit = (rule: SecurityRule, property: string, message: string, acknowledged?: string): Finding => ({
  rule,
  property,
  target: property,
  message,
  effect: acknowledged === undefined ? rule.severity : "warning",
  ...(acknowledged === undefined ? {} : { acknowledged }),
});

const on = (resource: string, finding: Finding) => ({
  resource,
  property: finding.property,
  text: `[${finding.rule.id} ${finding.rule.name}] ${finding.message}. ${finding.rule.rationale} Fix: ${finding.rule.remediation}`,
  effect: finding.effect,
  finding,
});

describe("reportLines", () => {
  it("one line per rule and resource: the count, the first few by path, the rationale and fix once", () => {
    const findings = Array.from({ length: 11 }, (_, i) =>
      on("Policy:editors", hit(unknownCollection, `permissions[${10 - i}]`, `collection 'c${10 - i}' does not exist`)),
    );
    const lines = reportLines(findings, (r) => r);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line?.property).toBe("permissions[0]");
    expect(line?.text).toMatch(/^\[DSEC-106 unknown-collection\] 11 findings: permissions\[0\]: collection 'c0'/);
    expect(line?.text).toContain(`; and ${11 - SHOWN_PER_GROUP} more.`);
    expect(line?.text.split(unknownCollection.rationale)).toHaveLength(2);
    expect(line?.text.split("Fix:")).toHaveLength(2);
  });

  it("keeps a single finding as it is, other rules and resources apart, and findings without a rule untouched", () => {
    const single = on("PublicAccess:public", hit(publicWrite, "permissions[1]", "public create on 'posts'"));
    const other = on("Policy:editors", hit(unknownCollection, "permissions[0]", "collection 'x' does not exist"));
    const shape = { resource: "Policy:editors", property: "name", text: "must not be empty", effect: "error" as const };
    const lines = reportLines([single, other, shape], (r) => r);
    expect(lines).toEqual([single, other, shape]);
  });

  it("acknowledged findings group apart from refused ones, with their reason once", () => {
    const reason = "The contact form is meant to be public.";
    const lines = reportLines(
      [
        on("PublicAccess:public", hit(publicWrite, "permissions[0]", "public create on 'contact'", reason)),
        on("PublicAccess:public", hit(publicWrite, "permissions[2]", "public create on 'newsletter'", reason)),
        on("PublicAccess:public", hit(publicWrite, "permissions[1]", "public update on 'posts'")),
      ],
      (r) => r,
    );
    expect(lines.map((l) => l.effect)).toEqual(["warning", "error"]);
    expect(lines[0]?.text).toMatch(/acknowledged: 2 findings: .* - reason: The contact form is meant to be public\.$/);
  });
});
