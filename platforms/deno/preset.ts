import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { nodePrefixPlugin, previewDeno, writeDenoConfig } from "./deno.ts";

export default {
  name: "deno",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["deno", "node", "import", "default"],
  // Deno only knows Node built-ins by their `node:` names; see nodePrefixPlugin.
  node: false,
  external: [/^node:/],
  cron: "process",
  websocket: true,
  defaults: {
    storage: { data: { driver: "fs-lite", base: ".data/kv" } },
    database: { default: { connector: "node-sqlite", options: { path: ".data/db.sqlite" } } },
    rollupPlugins: [nodePrefixPlugin()],
  },
  commands: { preview: "deno task --config .output/deno.json start", deploy: "deno task --config .output/deno.json start" },
  writeConfig: writeDenoConfig,
  preview: previewDeno,
} satisfies PlatformPreset;
