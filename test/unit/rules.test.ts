import { readFileSync } from "node:fs";
import path from "node:path";
import { plannedFacts, plannedId } from "../../provider/plan/planned-facts";
import { DEFAULT_LIMITS } from "../../provider/rules/limits";
import { evaluateRules, formatFinding, invalidAcknowledgements, SECURITY_RULES } from "../../provider/rules/registry";
import type { RuleExample, SecurityRule } from "../../provider/rules/types";
import { factsWith } from "../helpers/facts";

/** Examples give the live instance; rules judge the planned end state, with the example's resource in it. */
function run(rule: SecurityRule, example: RuleExample) {
  const key = `${example.subject.kind}:example`;
  const id = plannedId(key);
  return rule.evaluate(example.subject, {
    limits: { ...DEFAULT_LIMITS, ...example.limits },
    facts: plannedFacts(factsWith(example.facts), [{ key, id, subject: example.subject }]),
    stack: "dev",
    stackKey: "website/prod",
    subjectId: id,
  });
}

const cases = SECURITY_RULES.flatMap((rule) => [
  ...rule.examples.good.map((example) => ({ rule, example, bad: false })),
  ...rule.examples.bad.map((example) => ({ rule, example, bad: true })),
]);

describe.each(cases)("$rule.id $rule.name: $example.title", ({ rule, example, bad }) => {
  it(bad ? "is reported" : "passes", () => {
    const hits = run(rule, example);
    if (bad) {
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.property).not.toBe("");
    } else {
      expect(hits).toEqual([]);
    }
  });
});

describe("the rule set", () => {
  const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

  it("has unique, well-formed ids and names", () => {
    const ids = SECURITY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(SECURITY_RULES.map((r) => r.name)).size).toBe(ids.length);
    for (const rule of SECURITY_RULES) {
      expect(rule.id).toMatch(rule.severity === "error" ? /^DSEC-0\d\d$/ : /^DSEC-1\d\d$/);
      expect(rule.name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    }
  });

  it("documents every rule: rationale, fix, good and bad examples, and a README entry", () => {
    for (const rule of SECURITY_RULES) {
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.examples.good.length).toBeGreaterThan(0);
      expect(rule.examples.bad.length).toBeGreaterThan(0);
      expect(readme).toContain(`| ${rule.id} | \`${rule.name}\``);
    }
  });

  it("lets acknowledged errors through as warnings with the reason, except public admin access", () => {
    const publicWrite = SECURITY_RULES.find((r) => r.id === "DSEC-001");
    const bad = publicWrite?.examples.bad.find((example) => example.subject.kind === "PublicAccess");
    if (!publicWrite || !bad) throw new Error("DSEC-001 example missing");
    const context = { limits: DEFAULT_LIMITS, facts: factsWith() };
    const [plain] = evaluateRules(bad.subject, context);
    expect(plain?.effect).toBe("error");
    expect(formatFinding(plain ?? fail())).toMatch(/^\[DSEC-001 public-write\] .*Fix: /);
    const [acked] = evaluateRules(bad.subject, context, [
      { rule: "DSEC-001", reason: "form posts go through a captcha proxy" },
    ]);
    expect(acked).toMatchObject({ effect: "warning", acknowledged: "form posts go through a captcha proxy" });
    expect(invalidAcknowledgements([{ rule: "DSEC-002", reason: "we really want this" }])).toEqual([
      { index: 0, reason: expect.stringMatching(/cannot be acknowledged/) },
    ]);
    expect(invalidAcknowledgements([{ rule: "DSEC-999", reason: "typo in the id" }])).toEqual([
      { index: 0, reason: expect.stringMatching(/unknown rule/) },
    ]);
  });
});
