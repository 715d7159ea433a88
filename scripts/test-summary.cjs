// Prints jest's totals as one plain line ("tests: N passed, N failed, N skipped") for CI logs.
const fs = require("node:fs");
const path = require("node:path");

const file = path.join(__dirname, "..", ".local", "jest-results.json");
if (!fs.existsSync(file)) {
  console.error("tests: no jest results were written (jest did not run to the end)");
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
