/**
 * Drives the `pulumi` binary in a Pulumi project folder exactly as a user types the commands:
 * `pulumi login file://…`, `stack init`, `config set [--secret]`, `preview`, `up`, `refresh`,
 * `destroy`, `stack output`, `stack export`. Used by the demo, the benchmark and the e2e tests.
 *
 * Each CliStack has its own PULUMI_HOME (so `pulumi login` never touches the user's), its own
 * file:// backend and passphrase. The stack's config file (Pulumi.<stack>.yaml) lives in the project
 * folder, as it does for users; `forget()` removes it.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/** Pids of live processes whose environment holds `marker` (`NAME=value`; Linux /proc). */
function processesMarked(marker: string): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
    try {
      return `${readFileSync(`/proc/${entry}/environ`, "latin1")}\0`.includes(`${marker}\0`) ? [Number(entry)] : [];
    } catch {
      return []; // exited meanwhile, or not ours to read
    }
  });
}

export interface CliRun {
  /** The command's process id (with an abort signal, also its process group). */
  readonly pid?: number;
  readonly code: number | null;
  /** stdout and stderr interleaved in arrival order, as a terminal shows them. */
  readonly output: string;
  readonly stdout: string;
}

/** One resource of `pulumi stack export`. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** Resource counts by operation, read from the "Resources:" block the CLI prints. */
export type ChangeSummary = Partial<Record<"create" | "update" | "delete" | "replace" | "same", number>>;

export interface CliStackOptions {
  /** The Pulumi project folder (holds Pulumi.yaml, package.json, tsconfig.json, index.ts). */
  readonly projectDir: string;
  readonly stackName: string;
  /** Folder for the file:// backend (the state). */
  readonly stateDir: string;
  /** Folder used as PULUMI_HOME (credentials of `pulumi login`, workspace settings). */
  readonly homeDir: string;
  readonly passphrase: string;
  /** Extra environment for every command. */
  readonly env?: Record<string, string>;
  /** Called with every chunk of output as it arrives (e.g. to show progress). */
  readonly onOutput?: (chunk: string) => void;
}

const SUMMARY_WORDS: Record<string, keyof ChangeSummary> = {
  create: "create",
  created: "create",
  update: "update",
  updated: "update",
  delete: "delete",
  deleted: "delete",
  replace: "replace",
  replaced: "replace",
  unchanged: "same",
};

/** Parses `Resources:` lines such as `+ 3 created`, `~ 1 to update`, `+-1 replaced`, `4 unchanged`. */
export function parseChangeSummary(output: string): ChangeSummary {
  const summary: ChangeSummary = {};
  const block = output.slice(output.lastIndexOf("Resources:"));
  for (const match of block.matchAll(/^\s+(?:[-+~]{1,2}\s*)?(\d+) (?:to )?(\w+)/gm)) {
    const key = SUMMARY_WORDS[match[2] ?? ""];
    if (key) summary[key] = (summary[key] ?? 0) + Number(match[1]);
  }
  return summary;
}

/** The number of resources an operation changes (everything but unchanged). */
export function changeCount(summary: ChangeSummary): number {
  return Object.entries(summary)
    .filter(([op]) => op !== "same")
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);
}

export class CliStack {
  private loggedIn = false;

  constructor(readonly options: CliStackOptions) {}

  get stackName(): string {
    return this.options.stackName;
  }

  get projectDir(): string {
    return this.options.projectDir;
  }

  /** Runs `pulumi <args>` in the project folder. Never throws for a non-zero exit. */
  exec(args: string[], extraEnv: Record<string, string> = {}, signal?: AbortSignal): Promise<CliRun> {
    const { options } = this;
    mkdirSync(options.homeDir, { recursive: true });
    const marker = `PULUMI_DIRECTUS_COMMAND=${randomBytes(8).toString("hex")}`;
    const child = spawn("pulumi", args, {
      // An aborted command dies as a killed CI job would: at once, leaving its lock behind; its own
      // process group lets the abort take the language host and providers it started with it.
      detached: signal !== undefined,
      cwd: options.projectDir,
      env: {
        ...process.env,
        PULUMI_HOME: options.homeDir,
        PULUMI_CONFIG_PASSPHRASE: options.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        ...options.env,
        ...extraEnv,
        ...(signal ? { PULUMI_DIRECTUS_COMMAND: marker.split("=")[1] ?? "" } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The language host and providers run in process groups of their own and outlive a killed engine:
    // an aborted command marks all of them (they inherit the environment) and takes them with it.
    signal?.addEventListener("abort", () => {
      for (const pid of [...(child.pid === undefined ? [] : [-child.pid]), ...processesMarked(marker)]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (data: Buffer) => {
      stdout += data.toString();
      output += data.toString();
      options.onOutput?.(data.toString());
    });
    child.stderr.on("data", (data: Buffer) => {
      output += data.toString();
      options.onOutput?.(data.toString());
    });
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) =>
        resolve({ code, output, stdout, ...(child.pid === undefined ? {} : { pid: child.pid }) }),
      );
    });
  }

  /** Runs a command that must succeed; a failure throws with the CLI's output. */
  async must(args: string[]): Promise<CliRun> {
    const run = await this.exec(args);
    if (run.code !== 0) {
      throw new Error(`'pulumi ${args.join(" ")}' failed (exit ${run.code}):\n${run.output.slice(-6000)}`);
    }
    return run;
  }

  /**
   * `pulumi login file://<state>`, then `pulumi stack init <stack> --secrets-provider passphrase` the
   * first time or `pulumi stack select <stack>` after that; idempotent.
   */
  async open(): Promise<void> {
    if (this.loggedIn) return;
    mkdirSync(this.options.stateDir, { recursive: true });
    await this.must(["login", `file://${this.options.stateDir}`]);
    const stacks = JSON.parse((await this.must(["stack", "ls", "--json"])).stdout) as { name: string }[];
    if (stacks.some((stack) => stack.name === this.stackName)) await this.must(["stack", "select", this.stackName]);
    else await this.must(["stack", "init", this.stackName, "--secrets-provider", "passphrase"]);
    this.loggedIn = true;
  }

  /** `pulumi config set [--secret] <key> <value>` for this stack. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    await this.open();
    await this.must(["config", "set", "--stack", this.stackName, ...(secret ? ["--secret"] : []), key, "--", value]);
  }

  /** `pulumi <operation> --stack <stack> …` with the flags a non-interactive user passes. */
  operation(
    operation: "preview" | "up" | "refresh" | "destroy",
    extra: string[] = [],
    extraEnv: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<CliRun> {
    const confirm = operation === "preview" ? [] : ["--yes"];
    return this.open().then(() =>
      this.exec(
        [operation, "--stack", this.stackName, "--non-interactive", "--color", "never", ...confirm, ...extra],
        extraEnv,
        signal,
      ),
    );
  }

  /** `pulumi stack output --json [--show-secrets]`. */
  async outputs(showSecrets = false): Promise<Record<string, unknown>> {
    await this.open();
    const run = await this.must([
      "stack",
      "output",
      "--stack",
      this.stackName,
      "--json",
      ...(showSecrets ? ["--show-secrets"] : []),
    ]);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  /** The resources of `pulumi stack export` (secrets stay encrypted). */
  async exportedResources(): Promise<ExportedResource[]> {
    await this.open();
    const run = await this.must(["stack", "export", "--stack", this.stackName]);
    return (JSON.parse(run.stdout) as { deployment: { resources?: ExportedResource[] } }).deployment.resources ?? [];
  }

  /** Every file of the backend concatenated: what someone with read access to the state would see. */
  rawState(): string {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(readFileSync(full, "utf8"));
      }
    };
    if (existsSync(this.options.stateDir)) walk(this.options.stateDir);
    return files.join("\n");
  }

  /** Removes the stack's config file from the project folder (the state stays in its backend). */
  forget(): void {
    rmSync(path.join(this.projectDir, `Pulumi.${this.stackName}.yaml`), { force: true });
  }
}
