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
  // Copied with its files into the function's node_modules, as on Node and Vercel (Netlify's
  // bundler keeps them): bundled, pg-pool's `require("pg")` meets pg's ESM wrapper mid-import.
  traceDeps: ["pg"],
  // `scheduledTasks` become scheduled functions (config.ts).
  cron: "config",
  defaults: {
    // Netlify Blobs, the site's own store: every function call (and instance) sees the same data,
    // which memory in a function never does. `data` is site-wide, so it outlives deploys; `cache`
    // is the deploy's own store, as Netlify's CDN cache is purged per deploy: a new deploy's code
    // never serves an old deploy's entries, nor a deploy preview production's (or the reverse).
    storage: {
      data: { driver: "netlify-blobs", name: "edgeplate-data" },
      cache: { driver: "netlify-blobs", deployScoped: true },
    },
    compressPublicAssets: false,
  },
  // Where no Blobs environment exists (`edgeplate preview`, a test), Blobs mounts fall back to memory.
  storageDrivers: { "netlify-blobs": fileURLToPath(new URL("runtime/blobs-driver.js", import.meta.url)) },
  commands: { preview: "edgeplate preview", deploy: "npx netlify deploy --prod --dir dist --functions .netlify/functions-internal" },
  writeConfig: writeNetlifyConfig,
  preview: previewNetlify,
} satisfies PlatformPreset;
