import { withCacheIsolation, type EventHandler, type EventHandlerRequest, type EventHandlerResponse, type H3Event } from "h3";
import { defineCachedHandler as defineOcacheHandler, type CachedEventHandlerOptions } from "ocache";
import { createHitPath } from "./hit.ts";
import { handlerIntegrity, handlerName } from "./integrity.ts";
import { requestKey } from "./key.ts";
import { createCachedResponse, isStorable, toCacheableResponse } from "./response.ts";
import { createStaleStorage, staleIfErrorHandler } from "./stale.ts";
import { cacheStorage, isThenable, logCacheError } from "./storage.ts";

type OcacheOptions = CachedEventHandlerOptions<H3Event>;

export interface CachedHandlerOptions extends Omit<OcacheOptions, "storage" | "toResponse" | "createResponse" | "handleCacheHeaders" | "getKey" | "onError"> {
  /** Fresh lifetime in seconds (default 1). */
  maxAge?: number;
  /** Serve a stale entry at once and refresh it in the background (default false). */
  swr?: boolean;
  /**
   * How long past `maxAge` a stale entry may still be served: at once while it refreshes with
   * `swr`, and when its refresh fails without (default: unbounded, see `stale.ts`).
   */
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
// The handler's own request and response types pass through, so the generated route types (and
// `$fetch`) see what a cached route answers.
export function defineCachedHandler<Req extends EventHandlerRequest = EventHandlerRequest, Res extends EventHandlerResponse = EventHandlerResponse>(
  handler: EventHandler<Req, Res>,
  opts?: CachedHandlerOptions,
): EventHandler<Req, Res>;
export function defineCachedHandler(handler: EventHandler, opts: CachedHandlerOptions = {}): EventHandler {
  const { shouldBypassCache, getKey, allowQuery, shouldCache, ...rest } = opts;
  const statusHeader = rest.cacheStatusHeader === false ? undefined : typeof rest.cacheStatusHeader === "string" ? rest.cacheStatusHeader.toLowerCase() : "x-cache";
  // Like ocache's default, a hash of `handler` (its source) and the options: a changed handler
  // never serves entries written by the old one. Computed here so the hit path can check it.
  const integrity = rest.integrity || handlerIntegrity(handler, opts as Record<string, unknown>);
  const keyOf = (event: H3Event) => (getKey ? getKey(event) : requestKey(event, allowQuery, rest.varies));
  // The key the hit path computed for a request, so a request that falls through to ocache does
  // not compute it (or call a custom `getKey`) twice.
  const keys = new WeakMap<H3Event, unknown>();
  // Stale-if-error without `swr` (with it, ocache serves stale entries itself, also when their
  // refresh fails). It recognizes the handler's entries by `integrity`, and reads one base.
  const stale = typeof integrity === "string" && !rest.swr && !rest.headersOnly && !Array.isArray(rest.base);
  const window = { maxAge: rest.maxAge === undefined ? 1 : rest.maxAge, staleMaxAge: rest.staleMaxAge };
  const storageKey = async (event: H3Event): Promise<string | undefined> => (await cached.resolveKeys(event))[0];
  const cached = defineOcacheHandler<H3Event>((stale ? staleIfErrorHandler(handler, integrity as string, window, storageKey) : handler) as (event: H3Event) => unknown, {
    ...rest,
    // ocache names entries after the handler it gets; keep the user's handler's name, not the wrapper's.
    name: rest.name ?? (stale ? handlerName(handler) : undefined),
    integrity,
    group: rest.group ?? "handlers",
    // ocache lets no query through by default; the contract keys on (and forwards) all of it.
    allowQuery: allowQuery ?? true,
    getKey: (event) => (keys.has(event) ? (keys.get(event) as string) : keyOf(event)),
    storage: stale ? createStaleStorage(window) : cacheStorage,
    onError: logCacheError,
    toResponse: (value, event) => toCacheableResponse(value, event, rest),
    createResponse: createCachedResponse(statusHeader),
    shouldCache: (entry) => isStorable(entry) && (shouldCache ? shouldCache(entry) : true),
  });
  const hits =
    typeof integrity === "string" && hasPlainHits(rest)
      ? createHitPath({
          integrity,
          maxAge: rest.maxAge === undefined ? 1 : rest.maxAge,
          statusHeader,
          storageKey: async (event, key) => (keys.set(event, key), (await cached.resolveKeys(event))[0]),
          shouldCache: shouldCache as ((value: unknown) => boolean | Promise<boolean>) | undefined,
        })
      : undefined;
  // Fresh hits are answered by the hit path; everything else (and every conditional request) by
  // ocache. Written without `await` so that a hit from an in-process store stays synchronous.
  const toOcache = (event: H3Event, key: unknown) => (keys.set(event, key), cached(event));
  const fromKey = (event: H3Event, key: unknown) => {
    if (!hits || typeof key !== "string" || !key) return toOcache(event, key);
    const hit = hits(event, key);
    return isThenable(hit) ? hit.then((res) => res ?? toOcache(event, key)) : (hit ?? toOcache(event, key));
  };
  const serve = (event: H3Event) => {
    if (!hits || isConditional(event)) return cached(event);
    const key = keyOf(event);
    return isThenable(key) ? key.then((resolved) => fromKey(event, resolved)) : fromKey(event, key);
  };
  // Headers staged by middleware (CORS, route rule headers) stay out of the stored entry.
  const isolated = withCacheIsolation(serve);
  if (!shouldBypassCache) return (event) => (isUncacheableRequest(event) ? handler(event) : isolated(event));
  return async (event) => {
    if (isUncacheableRequest(event) || (await shouldBypassCache(event))) return handler(event);
    return isolated(event);
  };
}

/** Options under which ocache's answer for a fresh entry is a plain HIT (see `hit.ts`). */
function hasPlainHits(opts: Record<string, unknown>): boolean {
  return !opts.headersOnly && !opts.shouldInvalidateCache && !opts.handleCacheHeaders && !Array.isArray(opts.base);
}

/** Conditional requests go to ocache, which answers them with 304 when they match. */
function isConditional(event: H3Event): boolean {
  const headers = event.req.headers;
  return headers.has("if-none-match") || headers.has("if-modified-since");
}

/** Only GET and HEAD without `range` are ever read from or written to the cache. */
export function isUncacheableRequest(event: H3Event): boolean {
  const method = event.req.method;
  return (method !== "GET" && method !== "HEAD") || event.req.headers.has("range");
}
