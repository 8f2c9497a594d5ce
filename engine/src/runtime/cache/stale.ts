import type { EventHandler, H3Event } from "h3";
import type { StorageInterface } from "ocache";
import type { StoredResponse } from "./hit.ts";
import { logCacheError } from "./log.ts";
import { CACHEABLE, NO_STORE, SERVED_STALE } from "./response.ts";
import { cacheStorage } from "./storage.ts";

export interface StaleIfErrorOptions {
  /** What the handler's entries carry (see `integrity.ts`); another handler's entry is never served. */
  integrity: string;
  /** The handler's `maxAge` (ocache's default 1) and `staleMaxAge`, for entries without their own. */
  maxAge: number;
  staleMaxAge: number | undefined;
  /** ocache's storage key of the request's entry. */
  storageKey: (event: H3Event) => Promise<string | undefined>;
}

interface Entry {
  value?: StoredResponse;
  mtime?: number;
  integrity?: unknown;
  maxAge?: number | null;
  staleMaxAge?: number | null;
}

/** Storage keys whose next removal is ocache evicting an entry that a failed refresh keeps serving. */
const kept = new Set<string>();

/**
 * Stale-if-error for handlers without `swr` (ocache has it only with `swr`): when the refresh of an
 * expired entry throws, that refresh resolves to the stale entry instead, marked so that it is
 * sent as `x-cache: STALE` and not stored again. Every request waiting on the refresh gets it,
 * the error is logged once (per refresh), and the one removal ocache then makes of the entry is
 * skipped, so the next requests still find it.
 *
 * An entry may be served up to `maxAge + staleMaxAge` after it was made; without `staleMaxAge`, at
 * any age, as `swr` entries are: the stale window is the same with and without `swr`, which only
 * decides whether stale is served at once or only when the refresh fails. The storage TTL follows
 * the window (ocache gives non-swr entries `maxAge`, after which a TTL store would have nothing
 * left to serve), so without `staleMaxAge` an entry stays until the backend drops it.
 *
 * As on ocache's `swr` path, only an outage keeps the entry: a thrown 5xx, 408 or 429, or an error
 * without a status. Another 4xx (404, 410, 403, …) is the handler's answer about the resource (it
 * is gone or forbidden now), so the client gets it and the entry goes; serving a deleted page on,
 * without `staleMaxAge` indefinitely, would be wrong. An entry whose response said
 * `must-revalidate` (stored `staleMaxAge: 0`) has no stale window.
 */
export function createStaleIfError(opts: StaleIfErrorOptions) {
  const windowOf = (entry: Entry) => ({ maxAge: entry.maxAge ?? opts.maxAge, staleMaxAge: entry.staleMaxAge ?? opts.staleMaxAge });

  const storage: StorageInterface = {
    get: (key) => cacheStorage.get(key),
    set(key, value, setOpts) {
      if (value === null || value === undefined) return kept.delete(key) ? undefined : cacheStorage.set(key, value, setOpts);
      const { maxAge, staleMaxAge } = windowOf(value as Entry);
      return cacheStorage.set(key, value, { ...setOpts, ttl: staleMaxAge == null ? undefined : maxAge + staleMaxAge });
    },
  };

  /** The stale response a failed refresh of `event`'s entry resolves to, if the entry may still be served. */
  const staleFor = async (event: H3Event, error: unknown): Promise<Response | undefined> => {
    if (!isOutage(error)) return undefined;
    const key = await opts.storageKey(event);
    const entry = key ? await cacheStorage.get<Entry>(key) : null;
    if (!key || !entry || entry.integrity !== opts.integrity || !isServable(entry.value)) return undefined;
    const { maxAge, staleMaxAge } = windowOf(entry);
    if (staleMaxAge != null && Date.now() > (entry.mtime ?? 0) + (maxAge + staleMaxAge) * 1000) return undefined;
    kept.add(key);
    logCacheError(error);
    const { status, statusText, headers, body, base64 } = entry.value;
    // Its own etag, last-modified and cache-control stay: ocache adds only what a response lacks.
    return new Response(base64 ? Uint8Array.from(atob(body as string), (c) => c.charCodeAt(0)) : (body as string), {
      status,
      statusText,
      headers: { ...headers, [NO_STORE]: SERVED_STALE },
    });
  };

  return {
    storage,
    /** The handler ocache runs to refresh an entry. */
    wrap: (handler: EventHandler) => async (event: H3Event) => {
      try {
        const value = await handler(event);
        // A returned error renders as one (see `toCacheableResponse`): the refresh failed all the same.
        if (value instanceof Error) throw value;
        return value;
      } catch (error) {
        const stale = await staleFor(event, error).catch(() => undefined);
        if (stale) return stale;
        throw error;
      }
    },
  };
}

/** ocache's `keepStale` rule: what counts as an outage rather than an answer. */
function isOutage(error: unknown): boolean {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = status ?? statusCode;
  return typeof code !== "number" || code >= 500 || code === 408 || code === 429;
}

function isServable(value: StoredResponse | undefined): value is StoredResponse {
  return !!value && typeof value === "object" && CACHEABLE.has(value.status) && typeof value.body === "string" && !!value.headers && typeof value.headers === "object";
}
