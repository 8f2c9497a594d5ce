import { type Middleware } from "h3";
import { routes } from "#edgeplate/routes";
import { spaBase, spaIndex } from "#edgeplate/spa";
import { baseURL } from "./base-url.ts";

// `/api/…` under the app's `baseURL` (replaced at build time, `/` or `/app/`).
const API = new RegExp(`^${baseURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}api(?:/|$)`);
// A last segment with an extension names a file (`/assets/app-1a2b.js`, `/logo.png`): a missing
// one is a 404, not the app shell, even for a browser that asks for HTML.
const FILE = /\.[^/]*$/;

/**
 * The last-resort answer of a single-page app: a deep link such as `/notes/42` (under the app's
 * base, `/app/notes/42` for `spa: "/app/"`) that no file, route or rule answers gets the SPA's
 * `index.html`, so client-side routing takes over (HEAD too,
 * for link checkers and uptime monitors). API paths, file paths and non-HTML requests (scripts,
 * images, `fetch` calls) keep the JSON 404.
 */
export function createSpaFallback(): Middleware | undefined {
  // An app with its own root catch-all route answers unknown paths itself.
  if (spaIndex === undefined || routes.some((r) => r.route.startsWith(`${baseURL}**`))) return undefined;
  const html = spaIndex;
  const base = spaBase ?? "/";
  const inApp = (path: string) => path.startsWith(base) || `${path}/` === base;
  return (event, next) => {
    // Registered last: a matched route, or any request that is not a browser navigation, passes on.
    const { method } = event.req;
    const { pathname } = event.url;
    if (event.context.matchedRoute || (method !== "GET" && method !== "HEAD") || API.test(pathname) || FILE.test(pathname) || !inApp(pathname)) return next();
    if (!(event.req.headers.get("accept") ?? "").includes("text/html")) return next();
    return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" } });
  };
}
