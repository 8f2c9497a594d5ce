import { toHostResponse, useApp } from "edgeplate/platform";

interface VercelRequestContext {
  waitUntil?: (promise: Promise<unknown>) => void;
}

// Where Vercel's runtime keeps the per-request context: what `@vercel/functions`' getContext() and
// waitUntil() read. Read here, not imported: its CommonJS index (no subpath has waitUntil) brings all
// of the package and `ws`, server output 298.9 → 475.6 kB (87.6 → 123.6 kB gzip) for the smoke fixture.
const REQUEST_CONTEXT = Symbol.for("@vercel/request-context");
const app = useApp();

/** Vercel's Node runtime calls `fetch` with a web Request (`launcherType: Nodejs`). */
export default {
  fetch(request: Request): Promise<Response> {
    const req = restoreIsrURL(request);
    const context = (globalThis as { [REQUEST_CONTEXT]?: { get?: () => VercelRequestContext } })[REQUEST_CONTEXT]?.get?.();
    Object.defineProperties(req, {
      waitUntil: { value: context?.waitUntil ?? ((p: Promise<unknown>) => void p.catch(console.error)) },
      runtime: { enumerable: true, value: { name: "vercel", vercel: { context } } },
      ip: { enumerable: true, get: () => req.headers.get("x-real-ip") ?? req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() },
    });
    return Promise.resolve(app.fetch(req)).then(toHostResponse);
  },
};

/**
 * An ISR function is reached as `/<name>-isr?url=<original path>`: the app must see the original
 * path. Vercel also sends the route's named matches in `x-now-route-matches`.
 */
function restoreIsrURL(request: Request): Request {
  const matches = request.headers.get("x-now-route-matches");
  const url = new URL(request.url);
  const original = (matches && new URLSearchParams(matches).get("url")) || (url.pathname.endsWith("-isr") ? url.searchParams.get("url") : null);
  if (!original || !original.startsWith("/")) return request;
  url.searchParams.delete("url");
  const target = new URL(original, url.origin);
  for (const [key, value] of url.searchParams) target.searchParams.append(key, value);
  return new Request(target, request);
}
