/**
 * A broken connection stops the preview with the fix, whatever resources the program has (here only a
 * Role): the whole-program check reads the instance once per operation before anything is registered.
 */
import { freePort } from "../helpers/directus";
import { DIRECTUS_VERSIONS, useDirectus } from "../helpers/live";
import { TestStack } from "../helpers/stack";

describe("a broken connection, on a program of only a Role", () => {
  const live = useDirectus(DIRECTUS_VERSIONS[0] ?? "11.17.4");

  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ["a wrong token", async () => ({ "directus:token": "not-the-token" }), /cannot read the Directus instance.*401/s],
    [
      "a closed port",
      async () => ({ "directus:url": `http://127.0.0.1:${await freePort()}` }),
      /cannot read the Directus instance.*127\.0\.0\.1/s,
    ],
    ["a URL that is not one", async () => ({ "directus:url": "not a url" }), /must be an http\(s\) URL/],
    ["a URL without a scheme", async () => ({ "directus:url": "cms.example.com" }), /must be an http\(s\) URL/],
  ];

  it.each(cases)("refuses the preview with %s, naming the problem", async (_what, config, expected) => {
    const stack = new TestStack("examples/smoke", live.server, await config());
    try {
      const preview = await stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(expected);
      expect(preview.output).not.toMatch(/TypeError: Invalid URL/);
    } finally {
      stack.dispose();
    }
  });
});
