import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewStatic, removeServer } from "./static.ts";

export default {
  name: "static",
  // Only prerendering runs the app; this entry is bundled and then removed with the server dir.
  entry: fileURLToPath(new URL("runtime/entry.ts", import.meta.url)),
  defaults: { prerender: { routes: ["/"], crawlLinks: true } },
  commands: { preview: "edgeplate preview", deploy: "upload .output/public/ to any static host" },
  writeConfig: removeServer,
  preview: previewStatic,
} satisfies PlatformPreset;
