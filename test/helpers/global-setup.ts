import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTemplate, pinnedDirectusVersions } from "./directus";

/** Bootstraps one database per pinned Directus release; every test file starts its own server from a copy. */
export default async function globalSetup(): Promise<void> {
  const pulumi = requireTool("pulumi", ["version"]);
  requireTool("pulumi-resource-pulumi-nodejs", null);
  process.env.PULUMI_DIRECTUS_RUN_ID = randomBytes(8).toString("hex");
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-templates-"));
  const versions = pinnedDirectusVersions();
  const templates = await Promise.all(versions.map((version) => createTemplate(version, path.join(dir, version))));
  for (const template of templates) {
    writeFileSync(path.join(dir, `${template.version}.json`), JSON.stringify(template));
  }
  process.env.DIRECTUS_TEMPLATE_DIR = dir;
  process.stdout.write(
    `\nDirectus templates bootstrapped for ${versions.join(", ")}; pulumi ${pulumi} at ${whichOf("pulumi")}\n`,
  );
}

function whichOf(tool: string): string {
  return execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
}

/** Live tests never skip: a missing tool stops the run with the fix. */
function requireTool(tool: string, versionArgs: string[] | null): string {
  try {
    const path = whichOf(tool);
    return versionArgs ? execFileSync(path, versionArgs, { encoding: "utf8" }).trim() : path;
  } catch {
    throw new Error(
      `${tool} is not on PATH, so the live tests cannot run. Fix: run them through 'npm test' (scripts/with-toolchain.sh installs and puts the toolchain on PATH), or install the Pulumi CLI.`,
    );
  }
}
