import { isIpRule } from "../../provider/resources/policy";

describe("ipAccess entries", () => {
  it.each(["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::/32", "10.0.0.1-10.0.0.9"])(
    "accepts %s",
    (entry) => {
      expect(isIpRule(entry)).toBe(true);
    },
  );
  it.each(["not-an-ip", "10.0.0.0/33", "10.0.0.256", "10.0.0.0/8/1", "::1/129", "10.0.0.1-", ""])(
    "refuses %s",
    (entry) => {
      expect(isIpRule(entry)).toBe(false);
    },
  );
});
