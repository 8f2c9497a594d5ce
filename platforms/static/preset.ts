import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewStatic, removeServer } from "./static.ts";

export default {
  name: "static",
  // Only prerendering runs the app; this entry is bundled and then removed with the server dir.
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  defaults: { prerender: { routes: ["/"], crawlLinks: true } },
  // Deploying is uploading `.output/public/` to any static host; there is no command to run.
  commands: { preview: "edgeplate preview" },
  writeConfig: removeServer,
  preview: previewStatic,
} satisfies PlatformPreset;
