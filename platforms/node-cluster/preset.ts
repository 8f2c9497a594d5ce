import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import nodeServer from "@edgeplate/platform-node-server";

// The node-server output with a primary that forks workers; everything else is the same.
export default {
  ...nodeServer,
  name: "node-cluster",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
} satisfies PlatformPreset;
