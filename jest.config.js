/** @type {import('jest').Config} */
const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
];

module.exports = {
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts"],
      transform: { "^.+\\.ts$": swc },
      testEnvironment: "node",
    },
    {
      // Real Directus servers (both pinned releases) and the real Pulumi engine.
      displayName: "live",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts", "<rootDir>/test/e2e/**/*.test.ts"],
      transform: { "^.+\\.ts$": swc },
      testEnvironment: "node",
      globalSetup: "<rootDir>/test/helpers/global-setup.ts",
      globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
      slowTestThreshold: 120,
    },
  ],
  testTimeout: 600000,
  maxWorkers: 2,
};
