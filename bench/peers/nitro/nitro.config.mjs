// Nitro v3 serving the bench app (bench/fixture), written by hand for `npm run bench -- --peers`.
import { defineNitroConfig } from "nitro/config";

export default defineNitroConfig({
  compatibilityDate: "2025-01-01",
  // bench/cloudflare.mjs builds the same app for workers into its own folder.
  preset: process.env.NITRO_PRESET || "node-server",
  output: { dir: process.env.NITRO_OUTPUT_DIR || ".output" },
  // Its generated types stay out of the repository's lint and format checks.
  buildDir: "../node_modules/.nitro",
});
