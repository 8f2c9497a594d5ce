import { defineConfig } from "edgeplate/config";

export default defineConfig({
  // Every path no API route answers is the page, rendered by Vue on the server.
  renderer: { handler: "./renderer.ts" },
  routeRules: {
    "/api/**": { headers: { "cache-control": "no-store" } },
  },
});
