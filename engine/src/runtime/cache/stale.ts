import type { CacheEntry, StorageInterface } from "ocache";
import { cacheStorage, logCacheError } from "./storage.ts";

/**
 * Stale-if-error without `swr`: the piece of the contract ocache's options cannot express. ocache
 * keeps an entry through a failed refresh only under `swr`; without, it evicts the entry when the
 * refresh fails, and stores entries with a TTL of `maxAge`. So the refresh is wrapped: when it
 * throws an outage, it resolves to the stored entry (which the caller marks not to be stored), the
 * error is logged once per refresh, and the storage skips ocache's eviction that follows and gives
 * writes a TTL covering the window (or a TTL store such as Redis would have nothing left to serve).
 * The window: `maxAge + staleMaxAge` after the entry was made, any age without `staleMaxAge`;
 * an entry's own lifetimes (from `getMaxAge`) win over the options.
 */
export function withStaleFallback<A extends unknown[], T>(
  run: (...args: A) => Promise<T>,
  // `fallback`: what the refresh resolves to for a stored entry of this code in its window (`undefined`: none).
  opts: {
    maxAge: number;
    staleMaxAge?: number;
    integrity: unknown;
    storageKey: (args: A) => Promise<string | undefined>;
    fallback: (entry: CacheEntry, args: A) => T | undefined | Promise<T | undefined>;
  },
) {
  // Evictions to skip, by key, until a moment has passed: one that never comes (fenced by
  // `.invalidate()`, cut off by the deadline) must not swallow a later removal.
  const kept = new Map<string, number>();
  const windowOf = (entry: CacheEntry) => ({ maxAge: entry.maxAge ?? opts.maxAge, staleMaxAge: entry.staleMaxAge ?? opts.staleMaxAge });
  const storage: StorageInterface = {
    get: (key) => cacheStorage.get(key),
    set(key, value, setOpts) {
      if (value === null || value === undefined) {
        const until = kept.get(key);
        kept.delete(key);
        return until !== undefined && Date.now() <= until ? undefined : cacheStorage.set(key, value, setOpts);
      }
      const { maxAge, staleMaxAge } = windowOf(value as CacheEntry);
      return cacheStorage.set(key, value, { ...setOpts, ttl: staleMaxAge == null ? undefined : maxAge + staleMaxAge });
    },
  };
  const lookup = async (args: A) => {
    const key = await opts.storageKey(args);
    const entry = key ? await cacheStorage.get<CacheEntry>(key) : undefined;
    if (!key || !entry || typeof entry !== "object" || entry.integrity !== opts.integrity || entry.value === undefined) return undefined;
    const { maxAge, staleMaxAge } = windowOf(entry);
    if (staleMaxAge != null && Date.now() > (entry.mtime ?? 0) + (maxAge + staleMaxAge) * 1000) return undefined;
    const value = await opts.fallback(entry, args);
    return value === undefined ? undefined : { key, value };
  };
  const refresh = async (...args: A): Promise<T> => {
    try {
      return await run(...args);
    } catch (error) {
      const stale = isOutage(error) ? await lookup(args).catch(() => undefined) : undefined;
      if (!stale) throw error;
      kept.set(stale.key, Date.now() + 2000);
      logCacheError(error);
      return stale.value;
    }
  };
  return { refresh, storage };
}

/** ocache's rule under `swr`: a 5xx, 408, 429 or an error without a status is an outage; another 4xx is the answer. */
function isOutage(error: unknown): boolean {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = status ?? statusCode;
  return typeof code !== "number" || code >= 500 || code === 408 || code === 429;
}

/** Bytes as ocache stores them on a JSON backend. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
