import { plannedFacts, type RemovedResource } from "../../provider/plan/planned-facts";
import { lockoutProblems, operatorFacts, operatorKeepsAdmin } from "../../provider/rules/operator";
import type { InstanceFacts } from "../../provider/rules/types";
import { factsWith } from "../helpers/facts";

/** An instance whose admin user "me" (the token's) reaches admin through role "admins" or a direct link. */
function instance(partial: Partial<InstanceFacts> = {}): InstanceFacts {
  const live = factsWith({
    policies: [
      { id: "admin", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: false, ipAccess: null },
      { id: "editors", name: "Editors", adminAccess: false, appAccess: true, enforceTfa: false },
    ],
    access: [{ id: "admins-admin", policy: "admin", role: "admins", user: null }],
    roles: [
      { id: "root", parent: null },
      { id: "admins", parent: "root" },
    ],
    users: [
      { id: "me", role: "admins", status: "active" },
      { id: "other", role: null, status: "active" },
    ],
    ...partial,
  });
  return { ...live, operator: operatorFacts(live, "me") };
}

describe("operator facts", () => {
  it("record the token's role chain, its admin policies with their ipAccess, and the admin count", () => {
    expect(instance().operator).toEqual({
      userId: "me",
      roles: ["admins", "root"],
      adminThrough: [{ policy: "admin", ipAccess: null }],
      adminUsers: 1,
    });
  });

  it("count admin reached through an ancestor role or a direct user link", () => {
    const throughParent = instance({ access: [{ id: "l", policy: "admin", role: "root", user: null }] });
    expect(throughParent.operator?.adminThrough).toHaveLength(1);
    const direct = instance({ access: [{ id: "l", policy: "admin", role: null, user: "me" }] });
    expect(direct.operator?.adminThrough).toHaveLength(1);
  });
});

describe("lockoutProblems on the planned end state", () => {
  it("is silent when nothing on the token's path changes", () => {
    expect(lockoutProblems(instance())).toEqual([]);
  });

  it("accepts an ipAccess that already lets the token in, and refuses a new one", () => {
    const restricted = instance({
      policies: [
        { id: "admin", name: "A", adminAccess: true, appAccess: true, enforceTfa: false, ipAccess: ["127.0.0.1"] },
      ],
    });
    const operator = restricted.operator;
    if (!operator) throw new Error("no operator");
    expect(operatorKeepsAdmin(restricted, operator)).toBe(true);
    const changed = {
      ...restricted,
      policies: [
        { id: "admin", name: "A", adminAccess: true, appAccess: true, enforceTfa: false, ipAccess: ["10.0.0.0/8"] },
      ],
    };
    expect(lockoutProblems(changed)).toEqual([expect.stringMatching(/user me\) would lose admin access/)]);
  });

  it("refuses a plan that removes the link the token's admin comes through", () => {
    const removed: RemovedResource[] = [{ kind: "PolicyAttachment", id: "admins-admin", outputs: {} }];
    const planned = plannedFacts(instance(), [], removed);
    const problems = lockoutProblems(planned);
    expect(problems).toEqual([
      expect.stringMatching(/would lose admin access/),
      expect.stringMatching(/no active user would keep admin access/),
    ]);
  });

  it("keeps quiet about a token that is not an admin today", () => {
    const live = instance({ access: [] });
    expect(live.operator?.adminThrough).toEqual([]);
    expect(lockoutProblems(live)).toEqual([]);
  });

  it("accepts a second admin path without ipAccess before the first is restricted", () => {
    const planned = instance({
      policies: [
        { id: "admin", name: "A", adminAccess: true, appAccess: true, enforceTfa: false, ipAccess: ["10.0.0.0/8"] },
        { id: "break-glass", name: "B", adminAccess: true, appAccess: false, enforceTfa: false, ipAccess: null },
      ],
      access: [
        { id: "admins-admin", policy: "admin", role: "admins", user: null },
        { id: "me-glass", policy: "break-glass", role: null, user: "me" },
      ],
    });
    const withLiveOperator = { ...planned, operator: instance().operator };
    expect(lockoutProblems(withLiveOperator)).toEqual([]);
  });
});
