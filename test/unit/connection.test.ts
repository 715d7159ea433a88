import {
  type ConnectionOverride,
  connectionSettingsOf,
  resolveConnection as resolveWith,
  type StackSettings,
} from "../../provider/client/connection";

/** The stack's settings as the provider's configure() received them. */
let stack: ConnectionOverride = {};
function rememberStackConfig(get: StackSettings): void {
  stack = connectionSettingsOf(get);
}
function resolveConnection(override?: ConnectionOverride) {
  return resolveWith(override, stack);
}

describe("resolveConnection", () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
    rememberStackConfig(() => undefined);
  });

  it("prefers the resource connection, then stack config, then the environment", () => {
    process.env.DIRECTUS_URL = "https://env.example.com";
    process.env.DIRECTUS_TOKEN = "env-token";
    expect(resolveConnection()).toEqual({
      url: "https://env.example.com",
      token: "env-token",
      tokenSource: "DIRECTUS_TOKEN",
      timeoutMs: 30_000,
      operationTimeoutMs: 300_000,
    });
    rememberStackConfig((key) => ({ "directus:url": "https://stack.example.com/", "directus:token": "stack" })[key]);
    expect(resolveConnection()).toEqual({
      url: "https://stack.example.com",
      token: "stack",
      tokenSource: "directus:token",
      timeoutMs: 30_000,
      operationTimeoutMs: 300_000,
    });
    expect(resolveConnection({ url: "https://override.example.com", token: "o" })).toEqual({
      url: "https://override.example.com",
      token: "o",
      tokenSource: "connection.token",
      timeoutMs: 30_000,
      operationTimeoutMs: 300_000,
    });
  });

  it("takes the request timeout from directus:requestTimeout (seconds), refusing nonsense", () => {
    process.env.DIRECTUS_URL = "https://env.example.com";
    process.env.DIRECTUS_TOKEN = "env-token";
    process.env.DIRECTUS_REQUEST_TIMEOUT = "12";
    expect(resolveConnection().timeoutMs).toBe(12_000);
    rememberStackConfig((key) => ({ "directus:requestTimeout": "2.5" })[key]);
    expect(resolveConnection().timeoutMs).toBe(2_500);
    expect(resolveConnection({ requestTimeout: "1" }).timeoutMs).toBe(1_000);
    expect(() => resolveConnection({ requestTimeout: "soon" })).toThrow(/directus:requestTimeout must be a number/);
  });

  it("takes the operation deadline from directus:operationTimeout (seconds), refusing nonsense", () => {
    process.env.DIRECTUS_URL = "https://env.example.com";
    process.env.DIRECTUS_TOKEN = "env-token";
    process.env.DIRECTUS_OPERATION_TIMEOUT = "40";
    expect(resolveConnection().operationTimeoutMs).toBe(40_000);
    rememberStackConfig((key) => ({ "directus:operationTimeout": "90" })[key]);
    expect(resolveConnection().operationTimeoutMs).toBe(90_000);
    expect(resolveConnection({ operationTimeout: "5" }).operationTimeoutMs).toBe(5_000);
    expect(() => resolveConnection({ operationTimeout: "-1" })).toThrow(
      /directus:operationTimeout must be a number of seconds > 0.*pulumi config set directus:operationTimeout 300/,
    );
  });

  it("names the missing setting and the command that fixes it", () => {
    delete process.env.DIRECTUS_URL;
    delete process.env.DIRECTUS_TOKEN;
    expect(() => resolveConnection()).toThrow(/directus:url is not set.*pulumi config set directus:url/);
    process.env.DIRECTUS_URL = "cms.example.com";
    expect(() => resolveConnection()).toThrow(/must be an http\(s\) URL/);
    process.env.DIRECTUS_URL = "https://cms.example.com";
    expect(() => resolveConnection()).toThrow(/directus:token is not set.*--secret directus:token/);
  });
});
