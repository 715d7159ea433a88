/**
 * The layering of provider/ (docs/architecture.md). Each layer imports only the layers below it:
 *   client < model < schemas < rules < engine < plan < resources
 * cli/ and policy-pack/ stand beside plan and resources and use model, schemas, rules and engine only,
 * so neither the CLI nor the dynamic-provider process loads @pulumi/pulumi or the program-side code.
 */
const LAYERS = ["client", "model", "schemas", "rules", "engine", "plan", "resources"];
const ENTRY_POINTS = ["cli", "policy-pack"];

const layer = (name) => `^provider/${name}/`;
const above = (name) => LAYERS.slice(LAYERS.indexOf(name) + 1).concat(ENTRY_POINTS);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Import cycles blur which layer a module belongs to; break them by moving the shared part down.",
      from: { path: "^provider/" },
      to: { circular: true },
    },
    ...LAYERS.map((name) => ({
      name: `${name}-imports-only-down`,
      severity: "error",
      comment: `${name}/ may import only the layers below it (${LAYERS.slice(0, LAYERS.indexOf(name)).join(", ") || "none"}); the order is ${LAYERS.join(" < ")}, see docs/architecture.md. Move the shared part down instead.`,
      from: { path: layer(name) },
      to: { path: `^provider/(${above(name).join("|")})/` },
    })),
    {
      name: "model-is-pure",
      severity: "error",
      comment: "model/ is pure: from the client it may use only the shapes of Directus' rows (client/records.ts).",
      from: { path: layer("model") },
      to: { path: "^provider/client/", pathNot: "^provider/client/records\\.ts$" },
    },
    {
      name: "rules-are-pure",
      severity: "error",
      comment: "rules/ judge data: no client, no I/O (the engine reads the instance, the plan builds the end state).",
      from: { path: layer("rules") },
      to: { path: ["^provider/client/", "^(node:)?(fs|http|https|net|child_process)$"] },
    },
    {
      name: "entry-points-use-the-lower-layers",
      severity: "error",
      comment:
        "cli/ and policy-pack/ use model, schemas, rules and engine only: never plan or resources (Pulumi program code), nor the client directly.",
      from: { path: `^provider/(${ENTRY_POINTS.join("|")})/` },
      to: { path: "^provider/(plan|resources|client)/" },
    },
    {
      name: "no-pulumi-below-plan",
      severity: "error",
      comment:
        "@pulumi/pulumi belongs to the program side (plan, resources); the provider process and the CLI must not load it.",
      from: { path: `^provider/(client|model|schemas|rules|engine|${ENTRY_POINTS.join("|")})/` },
      to: { path: "node_modules/@pulumi/pulumi/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^provider/.*\\.d\\.ts$" },
  },
};
