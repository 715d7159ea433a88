import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTemplate, pinnedDirectusVersions } from "./directus";

/** Bootstraps one database per pinned Directus release; every test file starts its own server from a copy. */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-templates-"));
  const versions = pinnedDirectusVersions();
  const templates = await Promise.all(versions.map((version) => createTemplate(version, path.join(dir, version))));
  for (const template of templates) {
    writeFileSync(path.join(dir, `${template.version}.json`), JSON.stringify(template));
  }
  process.env.DIRECTUS_TEMPLATE_DIR = dir;
  process.stdout.write(`\nDirectus templates bootstrapped for ${versions.join(", ")}\n`);
}
