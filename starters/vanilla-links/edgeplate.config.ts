import { defineConfig } from "edgeplate/config";

export default defineConfig({
  routeRules: {
    // Other sites may read the link list (for a browser extension, say), but never a stale one.
    "/api/**": { cors: true, headers: { "cache-control": "no-store" } },
    // Every click must reach the server to be counted, and short links are not pages to index.
    "/s/**": { headers: { "cache-control": "no-store", "x-robots-tag": "noindex" } },
    "/**": { headers: { "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" } },
  },
});
