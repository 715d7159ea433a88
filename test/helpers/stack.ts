import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ChangeSummary, CliStack, changeCount, parseChangeSummary } from "../../scripts/pulumi-cli";
import type { DirectusServer } from "./directus";
import { REPO_ROOT } from "./directus";

export interface StackRun {
  readonly code: number | null;
  readonly output: string;
  readonly result: StackResult | undefined;
}

export interface StackResult {
  readonly changes?: number;
  readonly summary?: ChangeSummary;
  readonly outputs?: Record<string, unknown>;
}

type Command = "up" | "preview" | "refresh" | "destroy" | "outputs";

/**
 * A stack of one of the repository's example projects, run with the `pulumi` binary in the example's
 * folder (its own package.json, tsconfig.json and node_modules), a private file:// backend, PULUMI_HOME
 * and passphrase, pointed at one Directus server through `pulumi config set`.
 */
export class TestStack {
  readonly workDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-stack-"));
  readonly cli: CliStack;
  private readonly config: Record<string, string>;
  private readonly applied = new Map<string, string>();

  constructor(
    readonly program: string,
    readonly server: DirectusServer,
    config: Record<string, string> = {},
    projectDir: string = path.join(REPO_ROOT, program),
  ) {
    this.config = { ...config };
    this.cli = new CliStack({
      projectDir,
      stackName: `t${randomBytes(4).toString("hex")}`,
      stateDir: path.join(this.workDir, "state"),
      homeDir: path.join(this.workDir, "home"),
      passphrase: randomBytes(16).toString("hex"),
      env: { DIRECTUS_URL: "", DIRECTUS_TOKEN: "" },
    });
  }

  get stackName(): string {
    return this.cli.stackName;
  }

  /** Sets a config value for every later command (applied with `pulumi config set`). */
  setConfig(key: string, value: string): void {
    this.config[key] = value;
  }

  private async applyConfig(): Promise<void> {
    if (!this.applied.has("directus:url")) {
      await this.cli.setConfig("directus:url", this.server.url);
      await this.cli.setConfig("directus:token", this.server.token, true);
      this.applied.set("directus:url", this.server.url);
    }
    for (const [key, value] of Object.entries(this.config)) {
      if (this.applied.get(key) === value) continue;
      await this.cli.setConfig(key, value);
      this.applied.set(key, value);
    }
  }

  async run(command: Command, extra: string[] = []): Promise<StackRun> {
    await this.applyConfig();
    if (command === "outputs") {
      const outputs = await this.cli.outputs(extra.includes("--show-secrets"));
      return { code: 0, output: JSON.stringify(outputs), result: { outputs } };
    }
    const run = await this.cli.operation(command, extra);
    if (run.code !== 0) return { code: run.code, output: run.output, result: undefined };
    const summary = parseChangeSummary(run.output);
    const result: StackResult = { changes: changeCount(summary), summary };
    if (command !== "up") return { code: run.code, output: run.output, result };
    return { code: run.code, output: run.output, result: { ...result, outputs: await this.cli.outputs() } };
  }

  /** Runs a command and fails the test with the engine's output when it does not succeed. */
  async ok(command: Command, extra: string[] = []): Promise<StackResult> {
    const run = await this.run(command, extra);
    if (run.code !== 0 || !run.result) {
      throw new Error(`'pulumi ${command}' failed (exit ${run.code}):\n${run.output.slice(-6000)}`);
    }
    return run.result;
  }

  /** Every file of the backend concatenated: what an attacker with the state bucket would read. */
  rawState(): string {
    return this.cli.rawState();
  }

  dispose(): void {
    this.cli.forget();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
