// The platforms the matrix runs, where each one's server code lands, and which of them keep storage
// across a restart. Kept beside the runner: these are facts of the platforms' presets
// (platforms/<p>/preset.ts `defaults`) that the matrix asserts, not options.

/** Platforms with a server to start, in the order the table shows them. */
export const PLATFORMS = ["node-server", "node-cluster", "cloudflare", "netlify", "vercel", "bun", "deno"] as const;

/** Platforms with no server of their own: nothing for a host cell to start. */
export const SKIPPED: Record<string, string> = {
  static: "no server: prerendered files only, served by any static host (smoke-tests/static.test.ts covers it)",
  "service-worker": "no server: the app runs in the browser's service worker (engine/test/service-worker.test.ts covers it)",
};

/** The folder holding the server JS the host runs (what `bundleGzipKB` measures), relative to the app. */
export const SERVER_DIR: Record<string, string> = {
  "node-server": ".output/server",
  "node-cluster": ".output/server",
  bun: ".output/server",
  deno: ".output/server",
  cloudflare: ".output/server",
  netlify: ".netlify/functions-internal/server",
  vercel: ".vercel/output/functions/__server.func",
};

/**
 * What the runner copies from a build into a cell's empty folder (those that exist): the platform's
 * own output and host config only, so a folder another platform's earlier build left never rides along.
 */
export const OUTPUT_PARTS: Record<string, string[]> = {
  "node-server": [".output"],
  "node-cluster": [".output"],
  bun: [".output"],
  deno: [".output"],
  cloudflare: [".output", "wrangler.json", "wrangler.jsonc"],
  netlify: [".output", ".netlify", "dist", "netlify.toml"],
  vercel: [".output", ".vercel", "vercel.json"],
};

const ON_DISK = "fs under EDGEPLATE_DATA_DIR";

/**
 * Where a platform keeps the `data` mount (`kv`) and the default database (`sql`) by default: a
 * string saying where, or `null` when the value lives in memory and a restart loses it by design.
 */
export const PERSISTS: Record<string, Record<"kv" | "sql", string | null>> = {
  "node-server": { kv: ON_DISK, sql: `SQLite, ${ON_DISK}` },
  "node-cluster": { kv: ON_DISK, sql: `SQLite, ${ON_DISK}` },
  bun: { kv: ON_DISK, sql: `SQLite, ${ON_DISK}` },
  deno: { kv: ON_DISK, sql: `SQLite, ${ON_DISK}` },
  cloudflare: { kv: "KV binding DATA, persisted by the local runtime", sql: "D1 binding DB, persisted by the local runtime" },
  // The preset's default `data` mount (platforms/netlify/preset.ts); the emulator keeps its files under persistDir.
  netlify: { kv: "Netlify Blobs store edgeplate-data, kept by @netlify/dev", sql: null },
  vercel: { kv: null, sql: null },
};
