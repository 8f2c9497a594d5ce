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
    // IndexedDB (unstorage's `indexedb` driver on idb-keyval), one database per mount: the browser
    // stops an idle worker within seconds, and its memory with it, so `data` must outlive the
    // worker, and a memory cache would seldom be hit. Separate databases because the driver's
    // `getKeys`/`clear` cover its whole store. No database default: none runs in every browser.
    storage: {
      data: { driver: "indexedb", dbName: "edgeplate-data", storeName: "keyval" },
      cache: { driver: "indexedb", dbName: "edgeplate-cache", storeName: "keyval" },
    },
    compressPublicAssets: false,
  },
  commands: { preview: "edgeplate preview", deploy: "upload .output/public/ to any static host (HTTPS, or localhost)" },
  writeConfig: writeServiceWorker,
  preview: previewServiceWorker,
} satisfies PlatformPreset;
