/**
 * A broken connection stops the preview with the fix, whatever resources the program has (here only a
 * Role): the whole-program check reads the instance once per operation before anything is registered.
 */
import { type AddressInfo, createServer, type Socket } from "node:net";
import { freePort } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { restData } from "../helpers/rest";
import { TestStack } from "../helpers/stack";

describe("a broken connection, on a program of only a Role", () => {
  const live = useDirectus(DIRECTUS_VERSIONS[0] ?? "11.17.4");

  let notAdmin = "";
  const cases: [string, () => Promise<Record<string, string>>, RegExp | (() => RegExp)][] = [
    [
      "a wrong token",
      async () => ({ "directus:token": "not-the-token" }),
      /cannot check the program against the instance: Directus at http:\S+ does not accept the token in directus:token \(401/s,
    ],
    [
      "a token that is not an administrator's",
      async () => {
        // A user with no policy cannot read even its own email: the message names it by id then.
        const { id } = await restData<{ id: string }>(live.server, "POST", "/users", {
          email: "editor-bot@example.com",
          token: "an-editors-token-0001",
        });
        notAdmin = id;
        return { "directus:token": "an-editors-token-0001" };
      },
      () =>
        new RegExp(
          `the token in directus:token belongs to user ${notAdmin}, who has no admin access on http:\\S+; pulumi-directus .* needs an administrator's static token`,
          "s",
        ),
    ],
    [
      "a closed port",
      async () => ({ "directus:url": `http://127.0.0.1:${await freePort()}` }),
      /cannot check the program against the instance: cannot reach Directus at http:\/\/127\.0\.0\.1/s,
    ],
    ["a URL that is not one", async () => ({ "directus:url": "not a url" }), /must be an http\(s\) URL/],
    ["a URL without a scheme", async () => ({ "directus:url": "cms.example.com" }), /must be an http\(s\) URL/],
  ];

  it("gives up on a server that accepts the connection and never answers, naming the URL and the limit", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as AddressInfo).port;
    const stack = new TestStack("examples/smoke", live.server, {
      "directus:url": `http://127.0.0.1:${port}`,
      "directus:requestTimeout": "2",
    });
    const deadline = new TestStack("examples/smoke", live.server, {
      "directus:url": `http://127.0.0.1:${port}`,
      "directus:operationTimeout": "3",
    });
    try {
      const preview = await stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toContain(`Directus at http://127.0.0.1:${port} did not answer within 2 s`);
      // The operation's deadline wins over the (default, 30 s) request timeout.
      const bounded = await deadline.run("preview");
      expect(bounded.code).not.toBe(0);
      expect(bounded.output).toContain(`Directus at http://127.0.0.1:${port} did not let`);
      expect(bounded.output).toContain("within directus:operationTimeout (3 s, retries included)");
    } finally {
      deadline.dispose();
      stack.dispose();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.each(cases)("refuses the preview with %s, naming the problem", async (_what, config, expected) => {
    const stack = new TestStack("examples/smoke", live.server, await config());
    try {
      const preview = await stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(typeof expected === "function" ? expected() : expected);
      expect(preview.output).not.toMatch(/TypeError: Invalid URL/);
      // Said once, about the program, not as a property of some resource.
      expect(preview.output).not.toMatch(/property connection/);
    } finally {
      stack.dispose();
    }
  });
});
