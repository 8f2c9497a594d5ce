import { toResponse, withCacheIsolation, type EventHandler, type EventHandlerRequest, type EventHandlerResponse, type H3Event } from "h3";
import { defineCachedHandler as defineOcacheHandler, type CachedEventHandler, type CachedEventHandlerOptions, type ResponseCacheEntry } from "ocache";
import { FastResponse } from "srvx";
import { createHitPath, isThenable } from "./hit.ts";
import { identify } from "./identity.ts";
import { requestKey } from "./key.ts";
import { fromBase64, withStaleFallback } from "./stale.ts";
import { cacheStorage, logCacheError } from "./storage.ts";

export interface CachedHandlerOptions extends Omit<CachedEventHandlerOptions<H3Event>, "storage" | "toResponse" | "createResponse" | "handleCacheHeaders" | "onError"> {
  /** How long past `maxAge` a stale entry may be served: at once with `swr`, when its refresh fails without (default: unbounded). */
  staleMaxAge?: number;
  /** Query names that reach the handler and vary the key (default: all of them, unlike ocache). `getKey` replaces the whole key. */
  allowQuery?: string[] | readonly string[] | boolean;
}

/** Marks a response not to be stored (`1`), or the stale entry a failed refresh resolved to (`stale`). Never sent. */
const NO_STORE = "x-edgeplate-no-store";
const CACHEABLE = new Set([200, 203, 301, 308]);

/**
 * Caches a handler's responses in the `cache` storage mount with the contract's key, headers and
 * stale-while-revalidate semantics (design doc, "Caching semantics"): ocache with the contract's
 * hooks, a fast path for fresh hits (`hit.ts`) and stale-if-error without swr (`stale.ts`).
 * Deduplication is per process: on a cold key, each process sharing a `cache` mount may run the
 * handler once (no distributed lock); after that they all serve the one shared entry.
 * @example
 * export default defineCachedHandler(async () => ({ posts: await loadPosts() }), { maxAge: 60, swr: true });
 */
// The handler's own request and response types pass through to the generated route types.
export function defineCachedHandler<Req extends EventHandlerRequest = EventHandlerRequest, Res extends EventHandlerResponse = EventHandlerResponse>(
  handler: EventHandler<Req, Res>,
  opts?: CachedHandlerOptions,
): EventHandler<Req, Res>;
export function defineCachedHandler(handler: EventHandler, opts: CachedHandlerOptions = {}): EventHandler {
  const { shouldBypassCache, getKey, allowQuery, ...rest } = opts;
  const statusHeader = rest.cacheStatusHeader === false ? undefined : typeof rest.cacheStatusHeader === "string" ? rest.cacheStatusHeader.toLowerCase() : "x-cache";
  const maxAge = rest.maxAge ?? 1;
  const keyOf = (event: H3Event) => (getKey ? getKey(event) : requestKey(event, allowQuery, rest.varies));
  // The key the hit path computed for a request it passes on, so ocache does not compute it (or call a custom `getKey`) again.
  const keys = new WeakMap<H3Event, unknown>();
  let serve: ((event: H3Event) => unknown) | undefined;
  const setup = identify(handler, opts as Record<string, unknown>).then(({ name, integrity }) => {
    const storageKey = async (event: H3Event) => (await cached.resolveKeys(event))[0];
    const stale =
      integrity !== undefined && !rest.swr && !rest.headersOnly && !Array.isArray(rest.base)
        ? withStaleFallback<[H3Event], unknown>(async (event) => rethrow(await handler(event)), {
            maxAge,
            staleMaxAge: rest.staleMaxAge,
            integrity,
            storageKey: ([event]) => storageKey(event),
            fallback: staleResponse,
          })
        : undefined;
    const cached: CachedEventHandler<H3Event> = defineOcacheHandler<H3Event>(stale?.refresh ?? handler, {
      ...rest,
      name,
      integrity,
      group: rest.group ?? "handlers",
      allowQuery: allowQuery ?? true,
      getKey: (event) => (keys.has(event) ? (keys.get(event) as string) : keyOf(event)),
      storage: stale?.storage ?? cacheStorage,
      onError: logCacheError,
      toResponse: (value, event) => toCacheableResponse(value, event, rest),
      createResponse: (body, init) => sendResponse(body, init, statusHeader),
      shouldCache: (entry) => !entry.headers[NO_STORE] && (rest.shouldCache ? rest.shouldCache(entry) : true),
    });
    // Only where ocache's answer for a fresh entry is a plain HIT with no hook to run.
    const plain = integrity !== undefined && !rest.headersOnly && !rest.shouldInvalidateCache && !rest.shouldCache && !Array.isArray(rest.base);
    const hits = plain ? createHitPath({ integrity, maxAge, statusHeader, storageKey: (event, key) => (keys.set(event, key), storageKey(event)) }) : undefined;
    const toOcache = (event: H3Event, key: unknown) => (keys.set(event, key), cached(event));
    const fromKey = (event: H3Event, key: unknown) => {
      const hit = hits && typeof key === "string" && key ? hits(event, key) : undefined;
      return isThenable(hit) ? hit.then((res) => res ?? toOcache(event, key)) : (hit ?? toOcache(event, key));
    };
    // Conditional requests go to ocache, which answers them with 304 when they match.
    return (serve = (event: H3Event) => {
      if (!hits || event.req.headers.has("if-none-match") || event.req.headers.has("if-modified-since")) return cached(event);
      const key = keyOf(event);
      return isThenable(key) ? key.then((resolved) => fromKey(event, resolved)) : fromKey(event, key);
    });
  });
  // Headers staged by middleware (CORS, route rule headers) stay out of the stored entry.
  const isolated = withCacheIsolation((event) => (serve ? serve(event) : setup.then((ready) => ready(event))));
  if (!shouldBypassCache) return (event) => (isUncacheableRequest(event) ? handler(event) : isolated(event));
  return async (event) => (isUncacheableRequest(event) || (await shouldBypassCache(event)) ? handler(event) : isolated(event));
}

/**
 * ocache's `toResponse`, with what the contract adds: `last-modified`, `cache-control` with
 * `s-maxage` also without swr, and no storage at all for responses that set cookies (ocache would
 * store them with the cookie stripped); the cookie still reaches the client that caused it.
 */
async function toCacheableResponse(value: unknown, event: H3Event, opts: CachedHandlerOptions): Promise<Response> {
  const rendered = await toResponse(rethrow(value), event);
  if (!CACHEABLE.has(rendered.status)) return rendered;
  const res = new Response(rendered.body, rendered);
  const cookies = res.headers.getSetCookie();
  res.headers.delete("set-cookie");
  for (const cookie of cookies) event.res.headers.append("set-cookie", cookie);
  if (cookies.length > 0) res.headers.set(NO_STORE, "1");
  if (!res.headers.has("last-modified")) res.headers.set("last-modified", new Date().toUTCString());
  if (!res.headers.has("cache-control") && opts.sendCacheControl !== false) {
    const { maxAge = 1, swr, staleMaxAge } = opts;
    const revalidate = swr ? `, stale-while-revalidate${staleMaxAge === undefined ? "" : `=${staleMaxAge}`}` : "";
    res.headers.set("cache-control", `max-age=${maxAge}, s-maxage=${maxAge}${revalidate}`);
  }
  return res;
}

/**
 * ocache's `createResponse`, a FastResponse (written straight to the socket on Node). ocache calls
 * a foreground refresh `REVALIDATED`; the contract has only HIT, MISS and STALE: a request that
 * waited for the handler is a MISS, or STALE when the refresh failed and resolved to the stale entry.
 */
function sendResponse(body: unknown, init: ResponseInit, statusHeader: string | undefined): Response {
  const headers: Record<string, string> = init.headers instanceof Headers ? Object.fromEntries(init.headers) : { ...(init.headers as Record<string, string>) };
  if (statusHeader && headers[statusHeader] === "REVALIDATED") headers[statusHeader] = headers[NO_STORE] === "stale" ? "STALE" : "MISS";
  delete headers[NO_STORE];
  return new FastResponse(body as BodyInit | null, { ...init, headers }) as Response;
}

/** What a failed refresh resolves to: the stored response, sent as STALE and not stored again. */
function staleResponse({ value }: { value?: ResponseCacheEntry }): Response | undefined {
  if (!value || typeof value !== "object" || typeof value.body !== "string" || !value.headers) return undefined;
  // Its own etag, last-modified and cache-control stay: ocache adds only what a response lacks.
  return new Response(value.base64 ? (fromBase64(value.body) as BodyInit) : value.body, {
    status: value.status,
    statusText: value.statusText,
    headers: { ...value.headers, [NO_STORE]: "stale" },
  });
}

/** A returned error renders as one and is never stored: the refresh failed all the same (and may fall back, `stale.ts`). */
function rethrow(value: unknown): unknown {
  if (value instanceof Error) throw value;
  return value;
}

/** Only GET and HEAD without `range` are ever read from or written to the cache. */
export function isUncacheableRequest(event: H3Event): boolean {
  return (event.req.method !== "GET" && event.req.method !== "HEAD") || event.req.headers.has("range");
}
