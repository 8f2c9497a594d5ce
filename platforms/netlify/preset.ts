import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewNetlify, writeNetlifyConfig } from "./config.ts";

export default {
  name: "netlify",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["netlify", "node", "import", "default"],
  // Netlify picks up functions from here at deploy, next to the site's `dist/`.
  output: { serverDir: ".netlify/functions-internal/server", publicDir: "dist", entryName: "server.mjs" },
  // Netlify's CDN serves dist/ (`preferStatic`); the function never sees those paths.
  serveStatic: false,
  // `scheduledTasks` become scheduled functions (config.ts).
  cron: "config",
  defaults: { compressPublicAssets: false },
  commands: { preview: "edgeplate preview", deploy: "npx netlify deploy --prod --dir dist --functions .netlify/functions-internal" },
  writeConfig: writeNetlifyConfig,
  preview: previewNetlify,
} satisfies PlatformPreset;
