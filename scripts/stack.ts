/**
 * Runs a Pulumi program of this repository through the real `pulumi` CLI with a local file:// backend.
 *
 *   tsx scripts/stack.ts <up|preview|refresh|destroy|export|outputs> --program examples/website \
 *     --stack dev --state-dir .local/state [--config directus:url=...] [--secret-config directus:token=...]
 *
 * The program folder's index.ts is loaded as an inline Automation API program: the CLI runs the real
 * engine (plan, state, secrets, the dynamic provider plugin), the program itself runs in this process.
 * Users with a full Pulumi install run the same folders with plain `pulumi up`.
 * Prints the engine's output, then one line `RESULT <json>` with the summary.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, type OpMap, type Stack } from "@pulumi/pulumi/automation";

const COMMANDS = ["up", "preview", "refresh", "destroy", "export", "outputs"] as const;
type Command = (typeof COMMANDS)[number];

const repoRoot = path.resolve(__dirname, "..");

function fail(message: string, fix?: string): never {
  process.stderr.write(`stack: ${message}\n${fix ? `  fix: ${fix}\n` : ""}`);
  process.exit(2);
}

function parseAssignments(values: string[] | undefined): [string, string][] {
  return (values ?? []).map((entry) => {
    const at = entry.indexOf("=");
    if (at <= 0) fail(`config '${entry}' is not key=value`);
    return [entry.slice(0, at), entry.slice(at + 1)];
  });
}

/**
 * Loads the folder's index.ts, which declares its resources at module load like any Pulumi program.
 * The folder's modules are evicted from the require cache first: every engine operation in this
 * process (preview, then up) must run the program again, or the second would see no resources and
 * plan to delete them all.
 */
function loadProgram(programDir: string): Record<string, unknown> {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(`${programDir}${path.sep}`)) delete require.cache[file];
  }
  const exported = require(path.join(programDir, "index.ts")) as Record<string, unknown>;
  const { default: _default, ...outputs } = exported;
  return outputs;
}

async function openStack(programDir: string, stackName: string, stateDir: string): Promise<Stack> {
  const projectName = `directus-${path.basename(programDir)}`;
  // Stack settings (with the secrets salt) belong to one backend: key the folder by the state dir too.
  const backendKey = createHash("sha256").update(stateDir).digest("hex").slice(0, 8);
  const workDir = path.join(repoRoot, ".local", "work", `${projectName}-${stackName}-${backendKey}`);
  mkdirSync(workDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const program = async () => loadProgram(programDir);
  return LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program },
    {
      workDir,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
      envVars: { PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  );
}

function changed(summary: OpMap | undefined): number {
  return Object.entries(summary ?? {})
    .filter(([op]) => op !== "same")
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      program: { type: "string" },
      stack: { type: "string", default: "dev" },
      "state-dir": { type: "string", default: path.join(repoRoot, ".local", "state") },
      config: { type: "string", multiple: true },
      "secret-config": { type: "string", multiple: true },
      "expect-no-changes": { type: "boolean", default: false },
      "show-secrets": { type: "boolean", default: false },
      "skip-preview": { type: "boolean", default: false },
      "policy-pack": { type: "string", multiple: true },
    },
  });
  const command = positionals[0] as Command | undefined;
  if (!command || !COMMANDS.includes(command)) fail(`first argument must be one of ${COMMANDS.join(", ")}`);
  if (!values.program) fail("--program <folder> is required", "e.g. --program examples/website");
  if (!process.env.PULUMI_CONFIG_PASSPHRASE && process.env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
    fail(
      "PULUMI_CONFIG_PASSPHRASE is not set",
      "export PULUMI_CONFIG_PASSPHRASE=<passphrase that encrypts this stack's secrets>",
    );
  }
  const programDir = path.resolve(values.program);
  const stack = await openStack(programDir, values.stack, path.resolve(values["state-dir"]));
  for (const [key, value] of parseAssignments(values.config)) await stack.setConfig(key, { value });
  for (const [key, value] of parseAssignments(values["secret-config"]))
    await stack.setConfig(key, { value, secret: true });

  const onOutput = (out: string) => process.stdout.write(out);
  const onError = (err: string) => process.stderr.write(err);
  const policyPacks = (values["policy-pack"] ?? []).map((pack) => path.resolve(pack));
  const expectNoChanges = values["expect-no-changes"];
  let result: Record<string, unknown>;
  switch (command) {
    case "up": {
      // Like an interactive `pulumi up`: preview first, and apply nothing if any check fails.
      if (!values["skip-preview"]) await stack.preview({ onOutput, onError, expectNoChanges, policyPacks });
      const up = await stack.up({ onOutput, onError, expectNoChanges, policyPacks });
      const outputs = Object.fromEntries(
        Object.entries(up.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]),
      );
      result = { changes: changed(up.summary.resourceChanges), summary: up.summary.resourceChanges, outputs };
      break;
    }
    case "preview": {
      const preview = await stack.preview({ onOutput, onError, expectNoChanges, diff: true, policyPacks });
      result = { changes: changed(preview.changeSummary), summary: preview.changeSummary };
      break;
    }
    case "refresh": {
      const refresh = await stack.refresh({ onOutput, onError, expectNoChanges });
      result = { changes: changed(refresh.summary.resourceChanges), summary: refresh.summary.resourceChanges };
      break;
    }
    case "destroy": {
      const destroy = await stack.destroy({ onOutput, onError });
      result = { summary: destroy.summary.resourceChanges };
      break;
    }
    case "export": {
      result = { deployment: await stack.exportStack() };
      break;
    }
    case "outputs": {
      const outputs = await stack.outputs();
      result = {
        outputs: Object.fromEntries(
          Object.entries(outputs).map(([k, v]) => [k, v.secret && !values["show-secrets"] ? "[secret]" : v.value]),
        ),
      };
      break;
    }
  }
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
