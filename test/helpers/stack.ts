import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DirectusServer } from "./directus";
import { REPO_ROOT } from "./directus";

export interface StackRun {
  readonly code: number | null;
  readonly output: string;
  readonly result: Record<string, unknown> | undefined;
}

/**
 * A stack of one of the repository's programs, run by scripts/stack.ts through the real `pulumi`
 * CLI with a private file:// backend and passphrase, pointed at one Directus server.
 */
export class TestStack {
  readonly stateDir = mkdtempSync(path.join(tmpdir(), "pulumi-directus-state-"));
  readonly stackName = `t${randomBytes(4).toString("hex")}`;
  private readonly passphrase = randomBytes(16).toString("hex");

  constructor(
    readonly program: string,
    readonly server: DirectusServer,
    private readonly config: Record<string, string> = {},
  ) {}

  /** Sets a config value for every later command (like `pulumi config set`). */
  setConfig(key: string, value: string): void {
    this.config[key] = value;
  }

  async run(command: string, extra: string[] = []): Promise<StackRun> {
    const tsxCli = require.resolve("tsx/cli");
    const args = [
      tsxCli,
      path.join(REPO_ROOT, "scripts", "stack.ts"),
      command,
      "--program",
      path.join(REPO_ROOT, this.program),
      "--stack",
      this.stackName,
      "--state-dir",
      this.stateDir,
      "--config",
      `directus:url=${this.server.url}`,
      "--secret-config",
      `directus:token=${this.server.token}`,
      ...Object.entries(this.config).flatMap(([k, v]) => ["--config", `${k}=${v}`]),
      ...extra,
    ];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: this.passphrase, DIRECTUS_URL: "", DIRECTUS_TOKEN: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const line = output.split("\n").find((l) => l.startsWith("RESULT "));
    const result = line ? (JSON.parse(line.slice("RESULT ".length)) as Record<string, unknown>) : undefined;
    return { code, output, result };
  }

  /** Runs a command and fails the test with the engine's output when it does not succeed. */
  async ok(command: string, extra: string[] = []): Promise<Record<string, unknown>> {
    const run = await this.run(command, extra);
    if (run.code !== 0 || !run.result) {
      throw new Error(`'${command}' failed (exit ${run.code}):\n${run.output.slice(-6000)}`);
    }
    return run.result;
  }

  /** Every file of the backend concatenated: what an attacker with the state bucket would read. */
  rawState(): string {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of require("node:fs").readdirSync(dir, { withFileTypes: true }) as import("node:fs").Dirent[]) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(readFileSync(full, "utf8"));
      }
    };
    walk(this.stateDir);
    return files.join("\n");
  }

  dispose(): void {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
