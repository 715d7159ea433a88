import { type PlannedResource, plannedFacts, plannedId } from "../../provider/plan/planned-facts";
import { publicWrite } from "../../provider/rules/dsec-001-public-write";
import { adminGrantLimit } from "../../provider/rules/dsec-004-admin-grant-limit";
import { isPublicPolicy } from "../../provider/rules/helpers";
import { DEFAULT_LIMITS } from "../../provider/rules/limits";
import type { InstanceFacts, Subject } from "../../provider/rules/types";
import { factsWith } from "../helpers/facts";

const ADMIN = { id: "admin", name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true };
const live = factsWith({
  policies: [ADMIN],
  roles: [{ id: "admins", parent: null }],
  access: [{ id: "link-admins", policy: "admin", role: "admins", user: null }],
  users: [
    { id: "root", role: "admins", status: "active" },
    { id: "alice", role: null, status: "active" },
    { id: "bob", role: null, status: "active" },
  ],
});

function declared(name: string, subject: Subject, id = plannedId(`${subject.kind}:${name}`)): PlannedResource {
  return { key: `${subject.kind}:${name}`, id, subject };
}

function adminHits(facts: InstanceFacts, resource: PlannedResource) {
  return adminGrantLimit.evaluate(resource.subject, { limits: DEFAULT_LIMITS, facts, subjectId: resource.id });
}

describe("the planned end state", () => {
  it("sums the grants of the whole program: two admin links to two users exceed a limit each one alone keeps", () => {
    const toAlice = declared("alice", { kind: "PolicyAttachment", inputs: { policy: "admin", user: "alice" } });
    const toBob = declared("bob", { kind: "PolicyAttachment", inputs: { policy: "admin", user: "bob" } });
    expect(adminHits(plannedFacts(live, [toAlice]), toAlice)).toEqual([]);
    const both = plannedFacts(live, [toAlice, toBob]);
    expect(adminHits(both, toAlice)).toEqual([expect.objectContaining({ property: "policy" })]);
    expect(adminHits(both, toBob)[0]?.message).toMatch(
      /3 active users admin access \(limit 2\): users alice, bob, root/,
    );
  });

  it("counts what the program removes: dropping an old admin link brings the count back under the limit", () => {
    const withCarol = factsWith({
      ...live,
      users: [...live.users, { id: "carol", role: null, status: "active" }],
      access: [...live.access, { id: "old-link", policy: "admin", role: null, user: "carol" }],
    });
    const toAlice = declared("alice", { kind: "PolicyAttachment", inputs: { policy: "admin", user: "alice" } });
    expect(adminHits(plannedFacts(withCarol, [toAlice]), toAlice)).not.toEqual([]);
    const removed = [{ kind: "PolicyAttachment", id: "old-link", outputs: {} }];
    expect(adminHits(plannedFacts(withCarol, [toAlice], removed), toAlice)).toEqual([]);
  });

  it("reports an existing excess on the resource that adopts the admin policy, naming the users", () => {
    const crowded = factsWith({
      ...live,
      users: [...live.users.map((u) => ({ ...u, role: "admins" }))],
    });
    const adopt = declared("administrator", { kind: "Policy", inputs: { ...ADMIN, adoptId: "admin" } }, "admin");
    const [hit] = adminHits(plannedFacts(crowded, [adopt]), adopt);
    expect(hit?.message).toMatch(/3 active users .*alice, bob, root/);
  });

  it("follows references between declared resources: a PublicAccess on a new Policy makes its inline writes public", () => {
    const helpers = declared("helpers", {
      kind: "Policy",
      inputs: {
        name: "Helpers",
        adminAccess: false,
        appAccess: false,
        enforceTfa: false,
        permissions: [
          { collection: "posts", action: "create", fields: ["*"], filter: null, validation: null, presets: null },
        ],
      },
    });
    const publicLink = declared("public", { kind: "PublicAccess", inputs: { policy: helpers.id, permissions: [] } });
    const facts = plannedFacts(live, [helpers, publicLink]);
    expect(isPublicPolicy(facts, helpers.id)).toBe(true);
    const hits = publicWrite.evaluate(helpers.subject, { limits: DEFAULT_LIMITS, facts, subjectId: helpers.id });
    expect(hits).toEqual([expect.objectContaining({ property: "permissions[0]" })]);
  });

  it("gives planned ids a shape Directus never generates, stable per resource", () => {
    expect(plannedId("Policy:a")).toBe(plannedId("Policy:a"));
    expect(plannedId("Policy:a")).not.toBe(plannedId("Policy:b"));
    expect(plannedId("Policy:a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
