import { defineConfig } from "edgeplate/config";

export default defineConfig({
  routeRules: {
    "/api/**": { cors: true, headers: { "x-powered-by": "edgeplate" } },
    "/old-hello": { redirect: "/api/hello" },
  },
  runtimeConfig: { greeting: "Hello" },
});
