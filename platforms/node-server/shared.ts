import { join } from "node:path";
import { spawnPreview, type PlatformBuildContext, type PlatformPreset } from "edgeplate/build";
import { lazyTlsModules } from "./lazy-tls.ts";

/** Node hosts keep `data` and the default SQLite database on disk under `.data/`. */
export const nodeDefaults: PlatformPreset["defaults"] = {
  storage: { data: { driver: "fs-lite", base: ".data/kv" } },
  database: { default: { connector: "better-sqlite3", options: { path: ".data/db.sqlite" } } },
  rollupPlugins: [lazyTlsModules()],
};

/**
 * Packages that cannot be bundled, copied with their runtime files into the server output:
 * native addons, and `pg`, whose ESM wrapper around its CommonJS build breaks when bundled.
 */
export const nodeTraceDeps = ["better-sqlite3", "pg"];

/** Runs the built server the way a host would: `node .output/server/index.mjs`. */
export function previewNode({ options }: PlatformBuildContext): Promise<void> {
  const entry = join(options.output.serverDir, options.output.entryName);
  console.log(`[edgeplate] preview: node ${entry}`);
  return spawnPreview(process.execPath, [entry], { cwd: options.rootDir });
}
