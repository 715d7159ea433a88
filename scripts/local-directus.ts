/**
 * npm run directus -- start [--version 12] [--data-dir DIR] [--port N]
 *
 * Starts a throwaway Directus (SQLite, 127.0.0.1) from the pinned releases and prints its URL and
 * admin credentials. Runs until Ctrl-C; the data is deleted then unless --data-dir was given.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTemplate, type DirectusTemplate, resolveDirectusVersion, startDirectus } from "../test/helpers/directus";

const HELP = `usage: npm run directus -- start [--version 11|12|<x.y.z>] [--data-dir DIR] [--port N]

Starts a throwaway Directus from the pinned releases on 127.0.0.1 and prints its URL, the admin
login and the admin's static token. Runs until Ctrl-C.

options:
  --version <v>     11 (default), 12, or a pinned release such as 12.4.0
  --data-dir <dir>  keep the SQLite database there (and reuse it next time); default: a temp folder
                    deleted on exit
  --port <n>        listen on this port (default: a free one)
  -h, --help        this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: "string", default: "11" },
      "data-dir": { type: "string" },
      port: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (positionals[0] !== "start") {
    process.stderr.write(HELP);
    process.exit(2);
  }
  const version = resolveDirectusVersion(values.version);
  const dataDir = values["data-dir"] ? path.resolve(values["data-dir"]) : undefined;
  let template: DirectusTemplate | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, "template.json");
    if (existsSync(file)) template = JSON.parse(readFileSync(file, "utf8")) as DirectusTemplate;
    else {
      template = await createTemplate(version, dataDir);
      writeFileSync(file, JSON.stringify(template), { mode: 0o600 });
    }
  }
  const server = await startDirectus(version, {
    ...(template ? { template } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  process.stdout.write(
    [
      `Directus ${version} is running at ${server.url} (Studio: ${server.url}/admin)`,
      `  admin login:  ${server.adminEmail} / ${server.adminPassword}`,
      `  admin token:  ${server.token}`,
      `  data:         ${server.dataDir}${dataDir ? "" : " (deleted on exit)"}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
