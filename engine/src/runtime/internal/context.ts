import { HTTPError } from "h3";
import { asyncContext } from "#edgeplate/app-config";

export interface RequestContext {
  request: Request;
}

/**
 * The request being answered, from any function it calls (no `event` to pass along). Needs
 * `experimental: { asyncContext: true }` in the config, as in Nitro: the app then runs every request
 * inside an `AsyncLocalStorage` (Node, Bun, Deno, Cloudflare with `nodejs_compat`, Netlify, Vercel).
 * @example
 * const url = new URL(useRequest().url);
 */
export function useRequest(): Request {
  const context = asyncContext.storage?.getStore() as RequestContext | undefined;
  if (context) return context.request;
  throw new HTTPError({
    status: 500,
    message: asyncContext.storage
      ? "useRequest() was called outside of a request (at start-up or in a timer the request did not start)."
      : "useRequest() needs the async request context: set `experimental: { asyncContext: true }` in edgeplate.config.ts.",
  });
}

/** Runs `fetch` inside the request's async context when the app has one. */
export function withRequestContext(fetch: (request: Request) => Response | Promise<Response>): (request: Request) => Response | Promise<Response> {
  const storage = asyncContext.storage;
  return storage ? (request) => storage.run({ request } satisfies RequestContext, fetch, request) : fetch;
}
