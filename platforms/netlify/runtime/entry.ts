import { routeRules } from "#edgeplate/app-config";
import { createRouteRulesMatcher, normalizeRouteRules } from "h3/rules";
import { useApp } from "edgeplate/platform";

/** The part of Netlify's function context the app uses. */
interface NetlifyContext {
  ip?: string;
  waitUntil?: (promise: Promise<unknown>) => void;
}

const app = useApp();
// Only reads which `swr` / `isr` rule matches; the app itself runs the rules.
const matchRules = createRouteRulesMatcher(normalizeRouteRules(routeRules), { handlers: { cache: undefined, proxy: undefined } });

/** Netlify Functions v2; `config` (its route) is appended to this file at build time. */
export default async function handler(request: Request, context: NetlifyContext = {}): Promise<Response> {
  Object.defineProperties(request, {
    waitUntil: { value: context.waitUntil?.bind(context) ?? ((p: Promise<unknown>) => void p.catch(console.error)) },
    runtime: { enumerable: true, value: { name: "netlify", netlify: { context } } },
    ip: { enumerable: true, get: () => context.ip },
  });
  const response = await app.fetch(request);
  const cdnCache = cdnCacheControl(request);
  if (!cdnCache || !response.ok || response.headers.has("netlify-cdn-cache-control")) return response;
  const headers = new Headers(response.headers);
  headers.set("netlify-cdn-cache-control", cdnCache);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** `swr` / `isr` rules become Netlify's durable CDN cache, shared by every edge node. */
function cdnCacheControl(request: Request): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const cache = matchRules(request.method, new URL(request.url).pathname).routeRules.cache;
  if (!cache || !cache.swr) return undefined;
  return typeof cache.maxAge === "number"
    ? `public, max-age=${cache.maxAge}, stale-while-revalidate=31536000, durable`
    : "public, max-age=31536000, must-revalidate, durable";
}
