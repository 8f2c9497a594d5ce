import type { EventHandler, H3Event, Middleware } from "h3";

const HTML = "text/html; charset=utf-8";

/**
 * The renderer as the app's last layer before the SPA fallback: it answers every request that no
 * route matched (Nitro's renderer is a lowest-priority `/**` route for every method). What the
 * handler returns is the page: a `Response` (or h3's `HTTPResponse`/`html`) as it is, an HTML
 * string, or a stream of HTML, sent as it is produced; returning nothing passes the request on.
 */
export function createRendererMiddleware(render: EventHandler): Middleware {
  return async (event, next) => {
    if (event.context.matchedRoute) return next();
    const page = await render(event);
    return page === undefined || page === null ? next() : asPage(page, event);
  };
}

function asPage(page: unknown, event: H3Event): unknown {
  // h3 sends strings and streams with the event's headers: make them HTML unless the handler said otherwise.
  if ((typeof page === "string" || page instanceof ReadableStream) && !event.res.headers.has("content-type")) event.res.headers.set("content-type", HTML);
  return page;
}
