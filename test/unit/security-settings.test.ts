import {
  PASSWORD_POLICY_PRESETS,
  passwordPolicyFromDirectus,
  passwordPolicyToDirectus,
  stripSlashes,
} from "../../provider/resources/security-settings";
import { securitySettingsInputsSchema } from "../../provider/schemas/security-settings";

describe("password policy mapping", () => {
  it("writes the Studio's presets and reads them back by name", () => {
    for (const name of ["strong", "weak"] as const) {
      expect(passwordPolicyFromDirectus(passwordPolicyToDirectus(name))).toBe(name);
    }
    expect(passwordPolicyToDirectus("none")).toBeNull();
    expect(passwordPolicyFromDirectus(null)).toBe("none");
    expect(passwordPolicyFromDirectus("^.{12,}$")).toEqual({ regex: "^.{12,}$" });
  });

  it("uses regexes that accept a strong password and reject a weak one", () => {
    const strong = new RegExp(stripSlashes(PASSWORD_POLICY_PRESETS.strong));
    expect(strong.test("Correct_Horse9!")).toBe(true);
    expect(strong.test("password")).toBe(false);
    expect(new RegExp(stripSlashes(PASSWORD_POLICY_PRESETS.weak)).test("1234567")).toBe(false);
  });

  it("refuses a custom regex that does not compile, naming the property", () => {
    const result = securitySettingsInputsSchema().safeParse({ passwordPolicy: { regex: "([a-z" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain("passwordPolicy.regex");
  });

  it("refuses zero login attempts but accepts null (unlimited)", () => {
    expect(securitySettingsInputsSchema().safeParse({ loginAttempts: 0 }).success).toBe(false);
    expect(securitySettingsInputsSchema().safeParse({ loginAttempts: null }).success).toBe(true);
  });
});
