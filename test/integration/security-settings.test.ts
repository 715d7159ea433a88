import { createRole } from "../helpers/access-control";
import type { DirectusServer } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { ProviderHarness } from "../helpers/provider";
import { rest, restData } from "../helpers/rest";
import { SETTINGS_FIELDS } from "../helpers/snapshot";

type Settings = Record<string, unknown>;

const WEAK = "/^.{8,}$/";
const STRONG = "/(?=^.{8,}$)(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()_+}{';'?>.<,])(?!.*\\s).*$/";

const SECURITY_FIELDS = SETTINGS_FIELDS;

async function settings(server: DirectusServer): Promise<Settings> {
  return restData<Settings>(server, "GET", "/settings");
}

function only(record: Settings, fields: string[]): Settings {
  return Object.fromEntries(fields.map((field) => [field, record[field]]));
}

function without(record: Settings, fields: string[]): Settings {
  return Object.fromEntries(Object.entries(record).filter(([field]) => !fields.includes(field)));
}

/** Status of creating a password user (no role: never a seat), so the password policy can be observed. */
async function createUserWithPassword(server: DirectusServer, email: string, password: string): Promise<number> {
  return (await rest(server, "POST", "/users", { email, password })).status;
}

describe.each(DIRECTUS_VERSIONS)("SecuritySettings on Directus %s", (version) => {
  const live = useDirectus(version);
  const securitySettings = () => new ProviderHarness("SecuritySettings", live.server);
  let original: Settings;

  beforeAll(async () => {
    original = await settings(live.server);
  });

  afterEach(async () => {
    // Every test deletes its resource, which must give back the values found before.
    expect(only(await settings(live.server), SECURITY_FIELDS)).toEqual(only(original, SECURITY_FIELDS));
  });

  it("writes only the settings it is given and leaves every other setting untouched", async () => {
    const before = await settings(live.server);
    const { id, outs } = await securitySettings().create({ projectName: "Staging", loginAttempts: 5 });
    const after = await settings(live.server);
    expect(after).toMatchObject({ project_name: "Staging", auth_login_attempts: 5 });
    const changed = ["project_name", "auth_login_attempts"];
    expect(without(after, changed)).toEqual(without(before, changed));
    await securitySettings().delete(id, outs);
  });

  it("writes the Studio's exact preset strings and reads them back as strong and weak", async () => {
    const { id, outs } = await securitySettings().create({ passwordPolicy: "strong" });
    expect((await settings(live.server)).auth_password_policy).toBe(STRONG);
    expect(await createUserWithPassword(live.server, "weak.password@example.com", "password")).toBe(400);
    expect(await createUserWithPassword(live.server, "strong.password@example.com", "Corr3ct-Horse!")).toBe(200);
    const strong = await securitySettings().read(id, outs);
    expect(strong.props).toMatchObject({ passwordPolicy: "strong" });
    expect(await securitySettings().diff(id, strong.props ?? {}, { passwordPolicy: "strong" })).toMatchObject({
      changes: false,
    });

    const weak = await securitySettings().update(id, strong.props ?? {}, { passwordPolicy: "weak" });
    expect((await settings(live.server)).auth_password_policy).toBe(WEAK);
    expect((await securitySettings().read(id, weak)).props).toMatchObject({ passwordPolicy: "weak" });
    await securitySettings().delete(id, weak);
  });

  it("stores a custom regex as written, and a regex equal to a preset is no diff after refresh", async () => {
    const custom = { passwordPolicy: { regex: "^.{12,}$" } };
    const { id, outs } = await securitySettings().create(custom);
    expect((await settings(live.server)).auth_password_policy).toBe("^.{12,}$");
    expect(await createUserWithPassword(live.server, "eleven@example.com", "elevenchars")).toBe(400);
    const refreshed = await securitySettings().read(id, outs);
    expect(refreshed.props).toMatchObject(custom);

    const presetAsRegex = { passwordPolicy: { regex: WEAK } };
    const updated = await securitySettings().update(id, refreshed.props ?? {}, presetAsRegex);
    expect((await settings(live.server)).auth_password_policy).toBe(WEAK);
    const again = await securitySettings().read(id, updated);
    expect(await securitySettings().diff(id, again.props ?? {}, presetAsRegex)).toMatchObject({ changes: false });
    await securitySettings().delete(id, updated);
  });

  it("refuses at check a custom regex that does not compile, naming passwordPolicy.regex", async () => {
    const result = await securitySettings().check({ passwordPolicy: { regex: "([a-z" } });
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: "passwordPolicy.regex",
        reason: expect.stringMatching(/not a valid regular expression/),
      }),
    ]);
  });

  it("manages login attempts, including unlimited (null) when DSEC-008 is acknowledged", async () => {
    const { id, outs } = await securitySettings().create({ loginAttempts: 3 });
    expect((await settings(live.server)).auth_login_attempts).toBe(3);
    const refused = await securitySettings().check({ loginAttempts: null });
    expect(refused.failures).toEqual([
      expect.objectContaining({
        property: "loginAttempts",
        reason: expect.stringMatching(/^\[DSEC-008 login-attempts\]/),
      }),
    ]);
    const acknowledged = {
      loginAttempts: null,
      acknowledge: [{ rule: "DSEC-008", reason: "accounts are locked by the SSO provider instead" }],
    };
    const unlimited = await securitySettings().update(id, outs, acknowledged);
    expect((await settings(live.server)).auth_login_attempts).toBeNull();
    const refreshed = await securitySettings().read(id, unlimited);
    expect(refreshed.props).toMatchObject({ loginAttempts: null });
    expect(await securitySettings().diff(id, refreshed.props ?? {}, acknowledged)).toMatchObject({
      changes: false,
    });
    expect((await securitySettings().check({ loginAttempts: 0 })).failures).toEqual([
      expect.objectContaining({ property: "loginAttempts" }),
    ]);
    await securitySettings().delete(id, unlimited);
  });

  it("turns public registration on with its options, and anonymous sign-up gets the role", async () => {
    const role = await createRole(live.server, "Registered");
    const emailFilter = { _and: [{ email: { _ends_with: "@example.com" } }] };
    const inputs = { publicRegistration: { enabled: true, verifyEmail: false, role, emailFilter } };
    const { id, outs } = await securitySettings().create(inputs);
    expect(await settings(live.server)).toMatchObject({
      public_registration: true,
      public_registration_verify_email: false,
      public_registration_role: role,
      public_registration_email_filter: emailFilter,
    });
    const signUp = { email: "self.registered@example.com", password: "Self-registered-1" };
    expect((await rest(live.server, "POST", "/users/register", signUp, null)).status).toBe(204);
    const [user] = await restData<{ role: string }[]>(
      live.server,
      "GET",
      "/users?filter[email][_eq]=self.registered@example.com&fields=role",
    );
    expect(user?.role).toBe(role);
    const refreshed = await securitySettings().read(id, outs);
    expect(await securitySettings().diff(id, refreshed.props ?? {}, inputs)).toMatchObject({ changes: false });
    await securitySettings().delete(id, outs);
  });

  it("gives a setting it stops managing its original value back, and starts from the current value of a new one", async () => {
    const { id, outs } = await securitySettings().create({ projectName: "Production", loginAttempts: 4 });
    const next = { projectName: "Production", passwordPolicy: "strong" };
    expect(await securitySettings().diff(id, outs, next)).toMatchObject({ changes: true, replaces: [] });
    const updated = await securitySettings().update(id, outs, next);
    expect(await settings(live.server)).toMatchObject({
      project_name: "Production",
      auth_login_attempts: original.auth_login_attempts,
      auth_password_policy: STRONG,
    });
    expect(updated.restore).toEqual({
      project_name: original.project_name,
      auth_password_policy: original.auth_password_policy,
    });
    await securitySettings().delete(id, updated);
  });

  it("detects a project name changed outside Pulumi and sets it back on update", async () => {
    const inputs = { projectName: "Acme staging" };
    const { id, outs } = await securitySettings().create(inputs);
    await restData(live.server, "PATCH", "/settings", { project_name: "Acme production" });
    const drifted = await securitySettings().read(id, outs);
    expect(drifted.inputs).toMatchObject({ projectName: "Acme production" });
    expect(await securitySettings().diff(id, drifted.props ?? {}, inputs)).toMatchObject({ changes: true });
    const updated = await securitySettings().update(id, drifted.props ?? {}, inputs);
    expect((await settings(live.server)).project_name).toBe("Acme staging");
    await securitySettings().delete(id, updated);
  });
});
