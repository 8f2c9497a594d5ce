import { HTTPError, type H3 } from "h3";
import { spaIndex } from "#edgeplate/spa";

const API = /^\/api(?:\/|$)/;

/**
 * The last-resort GET route of a single-page app: a deep link such as `/notes/42` that no file,
 * route or rule answers gets the SPA's `index.html`, so client-side routing takes over. API paths
 * and non-HTML requests (scripts, images, `fetch` calls) keep the JSON 404.
 */
export function addSpaFallback(h3: H3, routes: readonly { route: string }[]): void {
  // An app with its own root catch-all route answers unknown paths itself.
  if (spaIndex === undefined || routes.some((r) => r.route.startsWith("/**"))) return;
  const html = spaIndex;
  h3.on("GET", "/**", (event) => {
    if (API.test(event.url.pathname) || !(event.req.headers.get("accept") ?? "").includes("text/html")) {
      // Same error as h3's own "no route", so the fallback is invisible to API clients.
      throw new HTTPError({ status: 404, message: `Cannot find any route matching [${event.req.method}] ${event.url}` });
    }
    return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" } });
  });
}
