import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewBun } from "./binary.ts";

export default {
  name: "bun",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["bun", "node", "import", "default"],
  // Bun's own modules (`bun:sqlite` for the default database) come from the runtime.
  external: [/^bun:/],
  cron: "process",
  websocket: true,
  defaults: {
    storage: { data: { driver: "fs-lite", base: ".data/kv" } },
    database: { default: { connector: "bun-sqlite", options: { path: ".data/db.sqlite" } } },
  },
  // `--no-install`: with no node_modules beside it, Bun would fetch a missing import from the
  // registry at run time instead of failing, which hides an incomplete output.
  commands: { preview: "bun --no-install .output/server/index.mjs", deploy: "bun --no-install .output/server/index.mjs" },
  preview: previewBun,
} satisfies PlatformPreset;
