import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewVercel, writeVercelConfig } from "./config.ts";

export default {
  name: "vercel",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["vercel", "node", "import", "default"],
  // Build Output API v3: Vercel deploys `.vercel/output` as it is (`vercel deploy --prebuilt`).
  output: { serverDir: ".vercel/output/functions/__server.func", publicDir: ".vercel/output/static", entryName: "index.mjs" },
  // Vercel's CDN serves static/ (the `filesystem` route) before the function.
  serveStatic: false,
  // Copied with its files into the function's node_modules, as on Node (and as Vercel's own Node
  // builder ships packages): bundled, pg-pool's `require("pg")` meets pg's ESM wrapper mid-import
  // (a cycle: "Cannot access 'pg' before initialization" on the first query).
  traceDeps: ["pg"],
  // `scheduledTasks` become Vercel Cron Jobs calling `/_tasks/<name>` (config.ts).
  cron: "config",
  defaults: { compressPublicAssets: false },
  commands: { preview: "edgeplate preview", deploy: "npx vercel deploy --prebuilt" },
  writeConfig: writeVercelConfig,
  preview: previewVercel,
} satisfies PlatformPreset;
