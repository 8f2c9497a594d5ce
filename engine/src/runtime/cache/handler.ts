import { withCacheIsolation, type EventHandler, type H3Event } from "h3";
import { defineCachedHandler as defineOcacheHandler, type CachedEventHandlerOptions } from "ocache";
import { requestKey } from "./key.ts";
import { logCacheError } from "./log.ts";
import { createCachedResponse, isStorable, toCacheableResponse } from "./response.ts";
import { cacheStorage } from "./storage.ts";

type OcacheOptions = CachedEventHandlerOptions<H3Event>;

export interface CachedHandlerOptions extends Omit<OcacheOptions, "storage" | "toResponse" | "createResponse" | "handleCacheHeaders" | "getKey" | "onError"> {
  /** Fresh lifetime in seconds (default 1). */
  maxAge?: number;
  /** Serve a stale entry at once and refresh it in the background (default false). */
  swr?: boolean;
  /** How long past `maxAge` a stale entry may still be served with `swr` (default: unbounded). */
  staleMaxAge?: number;
  /** Request headers that reach the handler and vary the key. */
  varies?: string[] | readonly string[];
  /** Replaces the default key (path + sorted query + `varies` headers). */
  getKey?: (event: H3Event) => string | Promise<string>;
  /** Query names that reach the handler and vary the key (default: all of them). */
  allowQuery?: string[] | readonly string[] | boolean;
  /** Return `true` to call the handler without the cache. */
  shouldBypassCache?: (event: H3Event) => boolean | Promise<boolean>;
}

/**
 * Caches a handler's responses in the `cache` storage mount, with the contract's key, headers
 * and stale-while-revalidate semantics (see the design doc, "Caching semantics").
 *
 * Deduplication is per process: concurrent requests for a missing or expired key run the handler
 * once in each process. Processes sharing a `cache` mount (Redis, KV, …) share entries, but take
 * no distributed lock, so on a cold key each of N processes may run the handler once; after that
 * they all serve the one shared entry.
 * @example
 * export default defineCachedHandler(async () => ({ posts: await loadPosts() }), { maxAge: 60, swr: true });
 */
export function defineCachedHandler(handler: EventHandler, opts: CachedHandlerOptions = {}): EventHandler {
  const { shouldBypassCache, getKey, allowQuery, shouldCache, ...rest } = opts;
  const statusHeader = rest.cacheStatusHeader === false ? undefined : typeof rest.cacheStatusHeader === "string" ? rest.cacheStatusHeader.toLowerCase() : "x-cache";
  // ocache hashes `handler` (its source) into the entries' integrity, so a changed handler never
  // serves entries written by the old one.
  const cached = defineOcacheHandler<H3Event>(handler as (event: H3Event) => unknown, {
    ...rest,
    group: rest.group ?? "handlers",
    // ocache lets no query through by default; the contract keys on (and forwards) all of it.
    allowQuery: allowQuery ?? true,
    getKey: (event) => (getKey ? getKey(event) : requestKey(event, allowQuery, rest.varies)),
    storage: cacheStorage,
    onError: logCacheError,
    toResponse: (value, event) => toCacheableResponse(value, event, rest),
    createResponse: createCachedResponse(statusHeader),
    shouldCache: (entry) => isStorable(entry) && (shouldCache ? shouldCache(entry) : true),
  });
  // Headers staged by middleware (CORS, route rule headers) stay out of the stored entry.
  const isolated = withCacheIsolation(cached as unknown as (event: H3Event) => Promise<Response>);
  return async (event) => {
    if (isUncacheableRequest(event) || (await shouldBypassCache?.(event))) return handler(event);
    return isolated(event);
  };
}

/** Only GET and HEAD without `range` are ever read from or written to the cache. */
export function isUncacheableRequest(event: H3Event): boolean {
  const method = event.req.method;
  return (method !== "GET" && method !== "HEAD") || event.req.headers.has("range");
}
