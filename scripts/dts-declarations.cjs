// Prints a bundled .d.ts as its top-level declarations (each with its doc comment), sorted: two bundles
// with the same declarations in another order print the same text. The published API does not depend
// on the order in which the bundler walked the modules.
const { readFileSync } = require("node:fs");

const blocks = [];
let current = [];
let docJustClosed = false;
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
  const topLevel = line !== "" && !/^[\s}\])]/.test(line);
  const startsBlock = topLevel && !docJustClosed && !isInsideDoc(current);
  if (startsBlock && current.length > 0) {
    blocks.push(current.join("\n").trimEnd());
    current = [];
  }
  current.push(line);
  docJustClosed = /^\s*\*\/\s*$|^\/\*\*.*\*\/\s*$/.test(line);
}
if (current.length > 0) blocks.push(current.join("\n").trimEnd());

function isInsideDoc(lines) {
  const text = lines.join("\n");
  return text.lastIndexOf("/**") > text.lastIndexOf("*/");
}

process.stdout.write(`${blocks.filter(Boolean).sort().join("\n\n")}\n`);
