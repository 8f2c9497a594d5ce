// Builds every publishable package in dependency order: the engine, then node-server (node-cluster
// builds on it), then the other platforms. `npm test` and `npm start` run it first; vitest runs it
// with `--if-stale` (only packages whose sources changed since their dist/ was written).
//   node scripts/build-packages.mjs [--if-stale]
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildPackage, newestSource } from "./build-package.mjs";

export function buildPackages({ ifStale = false } = {}) {
  const root = join(import.meta.dirname, "..");
  const platforms = readdirSync(join(root, "platforms")).sort((a, b) => Number(b === "node-server") - Number(a === "node-server"));
  const started = performance.now();
  let built = 0;
  for (const dir of ["engine", ...platforms.map((name) => `platforms/${name}`)].map((d) => join(root, d))) {
    if (ifStale && builtAt(dir) > newestSource(dir)) continue;
    buildPackage(dir);
    built++;
  }
  if (built > 0) console.log(`[edgeplate] built ${built} package(s) in ${Math.round(performance.now() - started)} ms`);
}

function builtAt(dir) {
  try {
    return statSync(join(dir, "dist")).mtimeMs;
  } catch {
    return 0;
  }
}

if (import.meta.filename === process.argv[1]) buildPackages({ ifStale: process.argv.includes("--if-stale") });
