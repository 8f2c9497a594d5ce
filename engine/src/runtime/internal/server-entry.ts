import { HTTPError, toEventHandler, type EventHandler, type Middleware } from "h3";

/**
 * The app's `server.ts` as the layer for requests no route matched (Nitro's server entry): its
 * default export is anything h3 can call — an h3 or Hono app, `{ fetch(request) }`, or an event
 * handler (`defineHandler((event) => ...)`; a plain function gets the event, as in Nitro).
 * Returning nothing passes the request on (renderer, SPA shell, 404). A 404 `Response` (Hono's
 * `notFound`) also lets a later layer answer, and is sent when none does.
 */
export function createServerEntry(entry: unknown, file: string): Middleware {
  const handler = toEventHandler(entry as EventHandler) as EventHandler | undefined;
  if (typeof handler !== "function") {
    const message = `\`${file}\` must export default a fetch handler (an h3 or Hono app, \`{ fetch(request) }\` or \`defineHandler((event) => ...)\`), got ${describe(entry)}.`;
    console.error(`[edgeplate] ${message}`);
    return (event, next) => {
      if (event.context.matchedRoute) return next();
      throw new HTTPError({ status: 500, message });
    };
  }
  return (event, next) => {
    // A matched route answers itself: the entry is for what no route claimed.
    if (event.context.matchedRoute) return next();
    const result = handler(event);
    return result instanceof Promise ? result.then((r) => passOn404(r, next)) : passOn404(result, next);
  };
}

function passOn404(result: unknown, next: () => unknown): unknown {
  if (!(result instanceof Response && result.status === 404)) return result;
  // h3 marks "nothing answered" with a private symbol: then the entry's own 404 is the answer.
  const later = next();
  const pick = (answer: unknown) => (answer === undefined || typeof answer === "symbol" ? result : answer);
  return later instanceof Promise ? later.then(pick) : pick(later);
}

function describe(value: unknown): string {
  if (value === undefined) return "no default export";
  if (value === null || typeof value !== "object") return `\`${String(value)}\``;
  return `an object with ${
    Object.keys(value).length
      ? `keys ${Object.keys(value)
          .map((k) => `\`${k}\``)
          .join(", ")}`
      : "no keys"
  }`;
}
