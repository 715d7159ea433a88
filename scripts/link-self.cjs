// Makes `require("pulumi-directus")` resolve to this checkout from the repository's node_modules,
// exactly as it resolves from a user's node_modules. The examples, the e2e tests and the dynamic
// provider process all load the built package through this name (see docs/architecture.md).
const fs = require("node:fs");
const path = require("node:path");

const link = path.join(__dirname, "..", "node_modules", "pulumi-directus");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // not a link yet
}
fs.symlinkSync("..", link, "dir");
