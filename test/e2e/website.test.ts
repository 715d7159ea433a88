import { customRulesAllowed } from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { rest, restData } from "../helpers/rest";
import { accessControlSnapshot } from "../helpers/snapshot";
import { TestStack } from "../helpers/stack";

interface Outputs {
  roles: { websiteApi: string; guestAuthor?: string; contentManager: string };
  policies: { websiteApi: string; guestAuthor?: string; contentManager: string; administrator: string };
  websiteApiUserId: string;
}

const PUBLIC_POLICY = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

async function adminPolicyId(server: DirectusServer): Promise<string> {
  const [policy] = await restData<{ id: string }[]>(server, "GET", "/policies?filter[admin_access][_eq]=true&limit=1");
  if (!policy) throw new Error("no admin policy on a fresh instance");
  return policy.id;
}

describe.each(DIRECTUS_VERSIONS)("examples/website through the real engine on Directus %s", (version) => {
  const live = useDirectus(version);
  let stack: TestStack;
  let adminPolicy: string;

  beforeAll(async () => {
    adminPolicy = await adminPolicyId(live.server);
    stack = new TestStack("examples/website", live.server, { "directus-website:adminPolicyId": adminPolicy });
  });
  afterAll(() => stack?.dispose());

  it("deploys, stays converged, follows edits, repairs drift and destroys cleanly (on the Core tier after saying why the full model cannot apply)", async () => {
    const core = !(await customRulesAllowed(live.server));
    if (core) {
      // Directus 12 Core tier refuses the filters the full model is about: preview must say so and touch nothing.
      const before = await accessControlSnapshot(live.server);
      const preview = await stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(/Core tier \(no licence\).*RESOURCE_RESTRICTED.*read on 'posts'.*item filter/s);
      const up = await stack.run("up");
      expect(up.code).not.toBe(0);
      expect(await accessControlSnapshot(live.server)).toBe(before);
      // The example's documented switch to what the Core tier allows.
      stack.setConfig("directus-website:coreTier", "true");
    }

    // 1. up, with the pulumi binary in examples/website
    const up = await stack.ok("up");
    const out = up.outputs as unknown as Outputs;
    const publicRows = await restData<{ collection: string; action: string; permissions: unknown; fields: string[] }[]>(
      live.server,
      "GET",
      `/permissions?filter[policy][_eq]=${PUBLIC_POLICY}`,
    );
    expect(publicRows).toEqual(
      core
        ? []
        : [
            expect.objectContaining({
              collection: "posts",
              action: "read",
              permissions: { status: { _eq: "published" } },
            }),
          ],
    );
    expect(await restData(live.server, "GET", `/policies/${adminPolicy}`)).toMatchObject({
      admin_access: true,
      enforce_tfa: true,
    });
    expect(await restData(live.server, "GET", "/settings?fields=project_name,auth_login_attempts")).toMatchObject({
      project_name: `Website (${stack.stackName})`,
      auth_login_attempts: 5,
    });
    const roles = Object.values(out.roles).filter((role): role is string => typeof role === "string");
    expect(roles).toHaveLength(core ? 2 : 3);
    for (const role of roles) expect((await rest(live.server, "GET", `/roles/${role}`)).status).toBe(200);
    process.stdout.write(
      `examples/website: 'pulumi up' in the example folder on Directus ${version} created ${up.summary?.create} resources (${core ? "Core-tier model" : "full model"}); roles, policies, permissions, settings checked over REST\n`,
    );

    // 2. anonymous requests prove the public model
    await restData(live.server, "POST", "/items/posts", [
      { title: "Hello", slug: "hello", body: "public", status: "published" },
      { title: "Secret draft", slug: "draft", body: "not yet", status: "draft" },
    ]);
    const anonymous = await rest(live.server, "GET", "/items/posts", undefined, null);
    if (core) {
      expect(anonymous.status).toBe(403);
    } else {
      expect(anonymous.status).toBe(200);
      expect(anonymous.data).toEqual([expect.objectContaining({ title: "Hello" })]);
      expect(anonymous.data).toEqual([expect.not.objectContaining({ status: expect.anything() })]);
    }
    expect((await rest(live.server, "POST", "/items/posts", { title: "spam" }, null)).status).toBe(403);
    expect((await rest(live.server, "GET", "/items/form_submissions", undefined, null)).status).toBe(403);

    // The Website API token reads published content and files form submissions, nothing more.
    const serviceToken = await serviceTokenOf(stack);
    // On the Core tier the website's server filters for published posts itself.
    const apiQuery = core ? "/items/posts?fields=title&filter[status][_eq]=published" : "/items/posts?fields=title";
    const apiPosts = await rest(live.server, "GET", apiQuery, undefined, serviceToken);
    expect(apiPosts).toEqual({ status: 200, data: [{ title: "Hello" }] });
    const submitted = await rest(
      live.server,
      "POST",
      "/items/form_submissions",
      { name: "Ada", email: "ada@example.com", message: "Hi" },
      serviceToken,
    );
    // 204: created, but the API user may not read submissions back.
    expect(submitted.status).toBe(204);
    expect(await restData(live.server, "GET", "/items/form_submissions?fields=email")).toEqual([
      { email: "ada@example.com" },
    ]);
    expect((await rest(live.server, "GET", "/items/analytics", undefined, serviceToken)).status).toBe(403);
    expect((await rest(live.server, "DELETE", "/items/posts/1", undefined, serviceToken)).status).toBe(403);

    // 3. no perpetual diff
    expect((await stack.ok("preview", ["--expect-no-changes"])).changes).toBe(0);

    // 4. an edit in code
    stack.setConfig("directus-website:loginAttempts", "7");
    expect((await stack.ok("up")).changes).toBe(1);
    expect(await restData(live.server, "GET", "/settings?fields=auth_login_attempts")).toEqual({
      auth_login_attempts: 7,
    });

    // 5. drift made in the Studio: a public write permission and a renamed role
    await restData(live.server, "POST", "/permissions", {
      policy: PUBLIC_POLICY,
      collection: "posts",
      action: "create",
      fields: ["*"],
    });
    await restData(live.server, "PATCH", `/roles/${out.roles.websiteApi}`, { name: "Website API (edited)" });
    const refresh = await stack.ok("refresh");
    expect(refresh.changes).toBe(2);
    expect((await stack.ok("up")).changes).toBe(2);
    expect((await rest(live.server, "POST", "/items/posts", { title: "spam" }, null)).status).toBe(403);
    expect(await restData(live.server, "GET", `/roles/${out.roles.websiteApi}`)).toMatchObject({
      name: "Website API",
    });

    // 6. secrets never reach the state in plaintext
    const exported = stack.rawState();
    expect(exported).toContain(out.websiteApiUserId);
    expect(exported).not.toContain(live.server.token);
    expect(serviceToken.length).toBeGreaterThan(30);
    expect(exported).not.toContain(serviceToken);

    // 7. destroy: managed objects gone, settings restored, the adopted admin policy kept
    await stack.ok("destroy");
    for (const role of roles) expect((await rest(live.server, "GET", `/roles/${role}`)).status).toBe(403);
    expect(await restData(live.server, "GET", `/permissions?filter[policy][_eq]=${PUBLIC_POLICY}`)).toEqual([]);
    expect(await restData(live.server, "GET", "/settings?fields=project_name,auth_login_attempts")).toEqual({
      project_name: "Directus",
      auth_login_attempts: 25,
    });
    expect((await rest(live.server, "GET", `/policies/${adminPolicy}`)).status).toBe(200);
  });
});

/** The service token, read the way an operator would: `pulumi stack output --show-secrets`. */
async function serviceTokenOf(stack: TestStack): Promise<string> {
  const result = await stack.ok("outputs", ["--show-secrets"]);
  const token = (result.outputs as { websiteApiToken?: unknown }).websiteApiToken;
  if (typeof token !== "string") throw new Error("websiteApiToken output missing");
  return token;
}
