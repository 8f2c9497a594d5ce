import type { EventHandler, H3Event } from "h3";
import type { StorageInterface } from "ocache";
import type { StoredResponse } from "./hit.ts";
import { logCacheError } from "./log.ts";
import { CACHEABLE, NO_STORE, SERVED_STALE } from "./response.ts";
import { createStaleStorage, isInStaleWindow, isOutage, keepEntry } from "./stale-window.ts";
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

/**
 * Stale-if-error for handlers without `swr` (ocache has it only with `swr`): when the refresh of an
 * expired entry throws, that refresh resolves to the stale entry instead, marked so that it is
 * sent as `x-cache: STALE` and not stored again. Every request waiting on the refresh gets it,
 * the error is logged once (per refresh), and the one removal ocache then makes of the entry is
 * skipped, so the next requests still find it.
 *
 * The stale window, the storage TTL and which errors count as an outage are shared with cached
 * functions (see `stale-window.ts`). An entry whose response said `must-revalidate` (stored
 * `staleMaxAge: 0`) has no stale window.
 */
export function createStaleIfError(opts: StaleIfErrorOptions) {
  const defaults = { maxAge: opts.maxAge, staleMaxAge: opts.staleMaxAge };
  const storage: StorageInterface = createStaleStorage(cacheStorage, defaults);

  /** The stale response a failed refresh of `event`'s entry resolves to, if the entry may still be served. */
  const staleFor = async (event: H3Event, error: unknown): Promise<Response | undefined> => {
    if (!isOutage(error)) return undefined;
    const key = await opts.storageKey(event);
    const entry = key ? await cacheStorage.get<Entry>(key) : null;
    if (!key || !entry || entry.integrity !== opts.integrity || !isServable(entry.value) || !isInStaleWindow(entry, defaults)) return undefined;
    keepEntry(key);
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

function isServable(value: StoredResponse | undefined): value is StoredResponse {
  return !!value && typeof value === "object" && CACHEABLE.has(value.status) && typeof value.body === "string" && !!value.headers && typeof value.headers === "object";
}
