import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["scripts/vitest-setup.mjs"],
    include: ["engine/test/**/*.test.ts", "smoke-tests/**/*.test.ts", "starters/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Builds and servers are heavy; 2 cores here.
    fileParallelism: true,
    maxWorkers: 2,
    dangerouslyIgnoreUnhandledErrors: false,
    // Its dist/ imports JSON schemas without `with { type: "json" }`, which Node 20 refuses; Vite
    // transforms it instead (smoke-tests/workflow.test.ts).
    deps: { optimizer: { ssr: { enabled: true, include: ["@actions/workflow-parser"] } } },
  },
});
