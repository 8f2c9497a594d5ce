import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { nodeDefaults, nodeTraceDeps, previewNode } from "./shared.ts";

export default {
  name: "node-server",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["node", "import", "default"],
  defaults: nodeDefaults,
  traceDeps: nodeTraceDeps,
  cron: "process",
  websocket: true,
  commands: { preview: "node .output/server/index.mjs", deploy: "node .output/server/index.mjs" },
  preview: previewNode,
} satisfies PlatformPreset;
