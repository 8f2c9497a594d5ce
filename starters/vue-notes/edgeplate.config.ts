import { defineConfig } from "edgeplate/config";

// The notes live in the platform's default database: SQLite in `.data/db.sqlite` on Node, Bun and
// Deno, the D1 binding `DB` on Cloudflare. Build with NOTES_DATABASE=postgresql to use Postgres
// instead. Its URL is no build input: the server reads it where it runs, from
// EDGEPLATE_DATABASE_DEFAULT_URL; `url: ""` makes a server started without it name that variable.
const postgres = process.env.NOTES_DATABASE === "postgresql";

export default defineConfig({
  ...(postgres && { database: { default: { connector: "postgresql", options: { url: "" } } } }),
  routeRules: {
    // Notes are private working data: never cached by a browser or a CDN.
    "/api/**": { headers: { "cache-control": "no-store" } },
    "/**": { headers: { "x-content-type-options": "nosniff", "referrer-policy": "same-origin" } },
  },
});
