#!/usr/bin/env node
// `npm run smoke -- [--starter s] [--platform p]`: the smoke matrix. The cells are TypeScript
// (host cells, checks), which Node 20 cannot import, so this command checks its flags and runs
// them under vitest (matrix.vitest.ts), passing the selection in EDGEPLATE_MATRIX.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { defineCommand, runMain } from "citty";

const root = join(import.meta.dirname, "../..");
const folders = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/** Refuses a name that is not a folder of `dir`, in one line that lists the ones there are. */
function check(flag, value, dir) {
  const known = folders(dir);
  for (const name of value?.split(",") ?? []) {
    if (!known.includes(name.trim())) {
      console.error(`[matrix] --${flag} ${name}: no such folder ${dir}/${name}; use one of ${known.join(", ")} (or several, comma-separated).`);
      process.exit(2);
    }
  }
}

const main = defineCommand({
  meta: {
    name: "smoke",
    description:
      "Builds each starter for each platform with the starter's own CLI, runs the output in the host's local runtime (smoke-tests/matrix/hosts/<platform>.ts) and checks cold start and bundle size against smoke-tests/matrix/budgets.json, SWR caching and storage. Prints the matrix and writes smoke-tests/.results/matrix.json and matrix.md (cells not rerun are kept from the last run). Exits 1 when a cell fails. static and service-worker have no server and are skipped.",
  },
  args: {
    starter: { type: "string", description: "Only these starters (folders of starters/, comma-separated)" },
    platform: { type: "string", description: "Only these platforms (folders of platforms/, comma-separated)" },
  },
  run({ args }) {
    check("starter", args.starter, "starters");
    check("platform", args.platform, "platforms");
    const vitest = join(createRequire(import.meta.url).resolve("vitest/package.json"), "../vitest.mjs");
    const { status } = spawnSync(process.execPath, [vitest, "run", "-c", "smoke-tests/matrix/vitest.config.ts"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, EDGEPLATE_MATRIX: JSON.stringify({ starter: args.starter, platform: args.platform }) },
    });
    process.exit(status ?? 1);
  },
});

runMain(main);
