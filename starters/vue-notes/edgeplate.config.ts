import { defineConfig } from "edgeplate/config";

// The notes live in the platform's default database: SQLite in `.data/db.sqlite` on Node, Bun and
// Deno, the D1 binding `DB` on Cloudflare. Build with NOTES_POSTGRES_URL set to use Postgres instead.
const postgres = process.env.NOTES_POSTGRES_URL;

export default defineConfig({
  ...(postgres && { database: { default: { connector: "postgresql", options: { url: postgres } } } }),
  routeRules: {
    // Notes are private working data: never cached by a browser or a CDN.
    "/api/**": { headers: { "cache-control": "no-store" } },
    "/**": { headers: { "x-content-type-options": "nosniff", "referrer-policy": "same-origin" } },
  },
});
