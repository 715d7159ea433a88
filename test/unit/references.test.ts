import { UNKNOWN } from "../../provider/engine/framework";
import { emailProblems, referenceProblems } from "../../provider/plan/references";
import { factsWith } from "../helpers/facts";
import { permissionOf } from "../helpers/permissions";

const ROLE = "00000000-0000-4000-8000-000000000001";
const POLICY = "00000000-0000-4000-8000-000000000002";
const USER = "00000000-0000-4000-8000-000000000003";
const GHOST = "00000000-0000-4000-8000-00000000dead";

const facts = factsWith({
  roles: [{ id: ROLE, parent: null }],
  policies: [{ id: POLICY, name: "Editing", adminAccess: false, appAccess: false, enforceTfa: false }],
  users: [{ id: USER, role: null, status: "active", email: "site@example.com" }],
});

describe("references to objects that do not exist", () => {
  it("names each property whose id is neither on the instance nor in the program", () => {
    const problems = referenceProblems({ kind: "PolicyAttachment", inputs: { policy: GHOST, role: ROLE } }, facts);
    expect(problems).toEqual([{ property: "policy", text: expect.stringContaining(`policy ${GHOST} does not exist`) }]);
    expect(problems[0]?.text).toContain("policy: editing.id");
    expect(referenceProblems({ kind: "Role", inputs: { name: "Child", parent: GHOST } }, facts)[0]?.property).toBe(
      "parent",
    );
    expect(referenceProblems({ kind: "ServiceAccount", inputs: { email: null, role: GHOST } }, facts)).toHaveLength(1);
    expect(
      referenceProblems({ kind: "Permission", inputs: { policy: GHOST, ...permissionOf("posts", "read") } }, facts),
    ).toHaveLength(1);
  });

  it("passes existing ids, ids the program plans (they are in the planned facts), nulls and unknowns", () => {
    expect(referenceProblems({ kind: "PolicyAttachment", inputs: { policy: POLICY, user: USER } }, facts)).toEqual([]);
    expect(referenceProblems({ kind: "Role", inputs: { name: "Top", parent: null } }, facts)).toEqual([]);
    expect(referenceProblems({ kind: "ServiceAccount", inputs: { email: null, role: UNKNOWN } }, facts)).toEqual([]);
  });
});

describe("service account emails", () => {
  it("refuses an email another user has, whatever its case", () => {
    const problems = emailProblems(
      { kind: "ServiceAccount", inputs: { email: "Site@Example.com", role: null } },
      "new",
      facts,
    );
    expect(problems).toEqual([
      { property: "email", text: expect.stringContaining(`user ${USER} has the email site@example.com`) },
    ]);
  });

  it("passes the adopted user's own email, and accounts without email", () => {
    expect(
      emailProblems({ kind: "ServiceAccount", inputs: { email: "site@example.com", role: null } }, USER, facts),
    ).toEqual([]);
    expect(emailProblems({ kind: "ServiceAccount", inputs: { email: null, role: null } }, "new", facts)).toEqual([]);
  });
});
