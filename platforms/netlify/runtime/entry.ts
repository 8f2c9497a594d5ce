import type { Context } from "@netlify/functions";
import type { H3Event } from "h3";
import { toHostResponse, useApp } from "edgeplate/platform";

// The scheduled functions (`scheduledTasks`, config.ts) run their cron's tasks through this bundle.
export { runScheduledTasks } from "edgeplate/platform";

const app = useApp();
app.hooks.hook("response", setCdnCache);

/**
 * Netlify Functions v2; `config` (its route) is appended to this file at build time. Netlify hands
 * every call a whole `Context`; `edgeplate preview` and the cron functions, only part of it.
 */
export default function handler(request: Request, context: Partial<Context> = {}): Promise<Response> {
  Object.defineProperties(request, {
    waitUntil: { value: context.waitUntil?.bind(context) ?? ((p: Promise<unknown>) => void p.catch(console.error)) },
    runtime: { enumerable: true, value: { name: "netlify", netlify: { context } } },
    ip: { enumerable: true, get: () => context.ip },
  });
  return Promise.resolve(app.fetch(request)).then(toHostResponse);
}

/**
 * `swr` / `isr` rules (which h3's rule matcher leaves on `event.context.routeRules` as `cache`)
 * also become Netlify's durable CDN cache, shared by every edge node.
 */
function setCdnCache(response: Response, event: H3Event): void {
  const cache = (event.context.routeRules as { cache?: { swr?: boolean; maxAge?: number } } | undefined)?.cache;
  const method = event.req.method;
  if (!cache?.swr || !response.ok || (method !== "GET" && method !== "HEAD") || response.headers.has("netlify-cdn-cache-control")) return;
  const value =
    typeof cache.maxAge === "number" ? `public, max-age=${cache.maxAge}, stale-while-revalidate=31536000, durable` : "public, max-age=31536000, must-revalidate, durable";
  try {
    response.headers.set("netlify-cdn-cache-control", value);
  } catch {
    // Immutable headers (a proxied upstream response): the CDN uses its own cache headers.
  }
}
