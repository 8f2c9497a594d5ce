import { defineConfig } from "edgeplate/config";

export default defineConfig({
  routeRules: {
    // Answers differ per viewer (preferences) and change on every write: no shared caching.
    "/api/**": { headers: { "cache-control": "private, no-store" } },
    "/**": { headers: { "x-content-type-options": "nosniff", "referrer-policy": "same-origin" } },
  },
});
