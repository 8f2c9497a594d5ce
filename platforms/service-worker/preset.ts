import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewServiceWorker, writeServiceWorker } from "./service-worker.ts";

export default {
  name: "service-worker",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  // A browser: no Node built-ins, packages' browser builds.
  exportConditions: ["worker", "browser", "import", "default"],
  node: false,
  // The network (any static host) serves public/; the worker answers only the app's routes.
  serveStatic: false,
  defaults: {
    // What a browser has: memory (unstorage's `indexedb` driver works too, with `idb-keyval` installed). No database default.
    storage: { data: { driver: "memory" } },
    compressPublicAssets: false,
  },
  commands: { preview: "edgeplate preview", deploy: "upload .output/public/ to any static host (HTTPS, or localhost)" },
  writeConfig: writeServiceWorker,
  preview: previewServiceWorker,
} satisfies PlatformPreset;
