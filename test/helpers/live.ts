import { existsSync } from "node:fs";
import path from "node:path";
import { type DirectusServer, loadTemplate, pinnedDirectusVersions, startDirectus } from "./directus";

export const DIRECTUS_VERSIONS = pinnedDirectusVersions();

/**
 * Starts a private Directus server of `version` for the calling describe block (from the template the
 * global setup bootstrapped) and stops it afterwards. No state is shared with other test files.
 */
export function useDirectus(version: string): { readonly server: DirectusServer } {
  let server: DirectusServer | undefined;
  beforeAll(async () => {
    const dir = process.env.DIRECTUS_TEMPLATE_DIR;
    const file = dir ? path.join(dir, `${version}.json`) : undefined;
    const template = file && existsSync(file) ? loadTemplate(file) : undefined;
    server = await startDirectus(version, template ? { template } : {});
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server(): DirectusServer {
      if (!server) throw new Error("Directus server not started (beforeAll failed?)");
      return server;
    },
  };
}
