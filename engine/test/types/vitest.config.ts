// The type tests (`*.test-d.ts`), checked by vitest's typecheck with the repository's TypeScript 7
// against the typed-api fixture's generated route types. `npm run test:types` (part of `npm test`).
// route-types.test.ts checks the same file under TypeScript 5.9 too.
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const root = join(import.meta.dirname, "../../..");

export default defineConfig({
  test: {
    root,
    globalSetup: [join(import.meta.dirname, "setup.ts")],
    include: [],
    typecheck: {
      enabled: true,
      only: true,
      include: ["engine/test/types/**/*.test-d.ts"],
      tsconfig: join(import.meta.dirname, "tsconfig.json"),
      // The path, not `tsc`: node_modules/.bin/tsc may be another installed TypeScript (5.9 here).
      checker: join(root, "node_modules/typescript/bin/tsc"),
      ignoreSourceErrors: false,
    },
  },
});
