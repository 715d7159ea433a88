import { DEFAULT_LIMITS } from "../../provider/rules/limits";
import { acknowledgementNotes, evaluateRules, formatFinding } from "../../provider/rules/registry";
import type { Subject } from "../../provider/rules/types";
import { permissionOf } from "../helpers/permissions";

const permission = (collection: string, action: "create" | "read" | "update") => permissionOf(collection, action);

const publicAccess = (...permissions: ReturnType<typeof permission>[]): Subject => ({
  kind: "PublicAccess",
  inputs: { policy: "abf8a154-5b1c-4a46-ac9c-7300570f4f17", permissions },
});

const reason = "The contact form is meant to be public.";

describe("acknowledgements cover exactly what they name", () => {
  it("a pinned acknowledgement covers its finding and not a new one of the same rule", () => {
    const subject = publicAccess(permission("contact_form", "create"), permission("posts", "update"));
    const findings = evaluateRules(subject, { limits: DEFAULT_LIMITS }, [
      { rule: "DSEC-001", covers: ["contact_form:create"], reason },
    ]).filter((f) => f.rule.id === "DSEC-001");
    expect(findings.map((f) => [f.target, f.effect, f.acknowledged])).toEqual([
      ["contact_form:create", "warning", reason],
      ["posts:update", "error", undefined],
    ]);
    // The refusal says how to acknowledge exactly this finding, if it is meant.
    expect(formatFinding(findings[1] ?? (undefined as never))).toContain(
      'acknowledge: [{ rule: "DSEC-001", covers: ["posts:update"], reason: "<why>" }]',
    );
  });

  it("covers follow the permission, not its position in the list", () => {
    const subject = publicAccess(permission("articles", "read"), permission("contact_form", "create"));
    const [finding] = evaluateRules(subject, { limits: DEFAULT_LIMITS }, [
      { rule: "DSEC-001", covers: ["contact_form:create"], reason },
    ]).filter((f) => f.rule.id === "DSEC-001");
    expect(finding).toMatchObject({ property: "permissions[1]", target: "contact_form:create", effect: "warning" });
  });

  it("the deprecated form still covers the whole rule, and a note names the covers to pin it to", () => {
    const subject = publicAccess(permission("contact_form", "create"), permission("posts", "update"));
    const legacy = [{ rule: "DSEC-001", reason }];
    const findings = evaluateRules(subject, { limits: DEFAULT_LIMITS }, legacy);
    expect(findings.filter((f) => f.rule.id === "DSEC-001").every((f) => f.effect === "warning")).toBe(true);
    expect(acknowledgementNotes(legacy, findings)).toEqual([
      {
        index: 0,
        text: expect.stringContaining('pin it with covers: ["contact_form:create","posts:update"]'),
      },
    ]);
    expect(acknowledgementNotes([{ rule: "DSEC-001", covers: ["contact_form:create"], reason }], findings)).toEqual([]);
  });

  it("a whole-resource finding is covered by its argument name", () => {
    const subject: Subject = { kind: "Policy", inputs: { name: "Admins", adminAccess: true, enforceTfa: false } };
    const [finding] = evaluateRules(subject, { limits: DEFAULT_LIMITS }, [
      { rule: "DSEC-005", covers: ["enforceTfa"], reason: "Admins log in through the SSO provider's 2FA." },
    ]).filter((f) => f.rule.id === "DSEC-005");
    expect(finding).toMatchObject({ effect: "warning" });
    expect(finding?.target).toBe(finding?.property.split(/[.[]/)[0]);
  });
});
