import { defineConfig } from "edgeplate/config";

export default defineConfig({
  routeRules: {
    // Applies to the Hono app's answers too: route rules run before anything answers.
    "/api/**": { cors: true, headers: { "x-powered-by": "edgeplate + hono" } },
  },
  runtimeConfig: { libraryName: "The Edgeplate Library" },
});
