/**
 * npm run stack -- <command> --program <project folder> [options] [-- <pulumi flags>]
 *
 * Runs the `pulumi` binary in one of this repository's Pulumi projects (examples/*), the way a user
 * runs it there, with the repository's toolchain and a local file:// backend under .local/stacks.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliStack } from "./pulumi-cli";

const COMMANDS = ["preview", "up", "refresh", "destroy", "outputs", "export"] as const;
type Command = (typeof COMMANDS)[number];

const HELP = `usage: npm run stack -- <command> --program <folder> [options] [-- <pulumi flags>]

Runs the pulumi binary in a Pulumi project folder of this repository (e.g. examples/website), with the
state in a local file:// backend under .local/stacks/ and its own PULUMI_HOME (your pulumi login is
not touched).

commands:
  preview | up | refresh | destroy   the pulumi command of that name (up, refresh, destroy with --yes)
  outputs                            pulumi stack output --json
  export                             pulumi stack export (secrets stay encrypted)

options:
  --program <folder>         the project folder (required)
  --stack <name>             stack name (default: dev); created on first use
  --config <key=value>       pulumi config set, before the command (repeatable)
  --secret-config <key=value>  pulumi config set --secret (repeatable)
  --show-secrets             outputs/export: print secrets in plain text
  -h, --help                 this help

Flags after a lone -- go to pulumi unchanged, e.g. -- --expect-no-changes, -- --skip-preview,
-- --policy-pack node_modules/pulumi-directus/policy-pack.

The stack's secrets are encrypted with PULUMI_CONFIG_PASSPHRASE when set, otherwise with a passphrase
generated once and kept in .local/stacks/passphrase.
`;

const repoRoot = path.resolve(__dirname, "..");

function fail(message: string, fix?: string): never {
  process.stderr.write(`stack: ${message}\n${fix ? `  fix: ${fix}\n` : ""}`);
  process.exit(2);
}

function assignments(values: string[] | undefined): [string, string][] {
  return (values ?? []).map((entry) => {
    const at = entry.indexOf("=");
    if (at <= 0) fail(`'${entry}' is not key=value`);
    return [entry.slice(0, at), entry.slice(at + 1)];
  });
}

function passphrase(stacksDir: string): string {
  if (process.env.PULUMI_CONFIG_PASSPHRASE) return process.env.PULUMI_CONFIG_PASSPHRASE;
  const file = path.join(stacksDir, "passphrase");
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const split = argv.indexOf("--");
  const ours = split === -1 ? argv : argv.slice(0, split);
  const forwarded = split === -1 ? [] : argv.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: ours,
    allowPositionals: true,
    options: {
      program: { type: "string" },
      stack: { type: "string", default: "dev" },
      config: { type: "string", multiple: true },
      "secret-config": { type: "string", multiple: true },
      "show-secrets": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const command = positionals[0] as Command | undefined;
  if (!command || !COMMANDS.includes(command))
    fail(`the first argument must be one of ${COMMANDS.join(", ")}`, "see --help");
  if (!values.program) fail("--program <folder> is required", "e.g. --program examples/website");
  const projectDir = path.resolve(values.program);
  if (!existsSync(path.join(projectDir, "Pulumi.yaml"))) fail(`${projectDir} has no Pulumi.yaml`);
  if (!existsSync(path.join(projectDir, "node_modules")))
    fail(`the project's dependencies are not installed`, `cd ${values.program} && npm ci`);

  const stacksDir = path.join(repoRoot, ".local", "stacks");
  mkdirSync(stacksDir, { recursive: true });
  const stack = new CliStack({
    projectDir,
    stackName: values.stack,
    stateDir: path.join(stacksDir, "state"),
    homeDir: path.join(stacksDir, "pulumi-home"),
    passphrase: passphrase(stacksDir),
    onOutput: (chunk) => process.stdout.write(chunk),
  });
  await stack.open();
  for (const [key, value] of assignments(values.config)) await stack.setConfig(key, value);
  for (const [key, value] of assignments(values["secret-config"])) await stack.setConfig(key, value, true);

  const showSecrets = values["show-secrets"] ? ["--show-secrets"] : [];
  const run =
    command === "outputs"
      ? await stack.exec(["stack", "output", "--stack", stack.stackName, "--json", ...showSecrets, ...forwarded])
      : command === "export"
        ? await stack.exec(["stack", "export", "--stack", stack.stackName, ...showSecrets, ...forwarded])
        : await stack.operation(command, forwarded);
  process.exitCode = run.code ?? 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
