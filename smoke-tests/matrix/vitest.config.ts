import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Only run.mjs uses this config: it runs the matrix (TypeScript: the host cells, the checks) in one
// vitest test, so Node 20 can load it; the matrix prints its own progress and table.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["smoke-tests/matrix/matrix.vitest.ts"],
    testTimeout: 0,
    disableConsoleIntercept: true,
    reporters: ["dot"],
    pool: "forks",
    maxWorkers: 1,
  },
});
