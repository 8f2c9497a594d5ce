import { createRequire } from "node:module";
import { join } from "node:path";
import { startCellProcess } from "./cell-process.ts";
import type { HostCell } from "./types.ts";

const SERVE = join(import.meta.dirname, "vercel-serve.mjs");
const routingUtils = (createRequire(import.meta.url)("@vercel/routing-utils/package.json") as { version: string }).version;

/**
 * Vercel: config.json's routes executed in front of the function (`@vercel/routing-utils` parses
 * and validates them; vercel-router.mjs walks the phases as `vercel dev` does), static/ served for
 * the `filesystem` phase, and each `.func` called as the Node launcher calls `export default { fetch }`,
 * with the request context `@vercel/functions` reads. One process per cell: a restart is a new
 * instance, so nothing in memory survives it (as between Vercel instances).
 */
const vercel: HostCell = {
  runtime: `@vercel/routing-utils ${routingUtils} routes + Node launcher (node ${process.version})`,
  gaps: "no Vercel CDN: ISR prerender configs are not applied (an ISR route reaches its function every time) and static files get no edge cache; routes with `has`/`missing`/`transforms`/middleware, `handle: rewrite`/`resource` and `overrides` are refused, not emulated; crons are not called; no platform storage (memory does not outlive a restart); cold start is process spawn → first 200",
  async start(dir, { env, readyPath }) {
    return startCellProcess(process.execPath, [SERVE, join(dir, ".vercel/output")], { cwd: dir, env, readyPath });
  },
};

export default vercel;
