import type { StorageInterface } from "ocache";
import { useStorage } from "../storage/index.ts";

/** Thrown for removals while the backend is down, so `.invalidate()` does not pretend to succeed. */
class CacheStorageDownError extends Error {
  override name = "CacheStorageDownError";
}

/** ocache's `onError`. Storage outages are logged once by the mount's driver, not here. */
export function logCacheError(error: unknown): void {
  if (!(error instanceof CacheStorageDownError)) console.error("[edgeplate] [cache] a cached handler or function failed; the stale entry, if any, is still served:", error);
}

/** What the hit path just read for a key it hands to ocache, which takes it instead of reading again; until this turn ends or a write. */
const handedOver = new Map<string, unknown>();

export function handOver(key: string, raw: unknown): void {
  if (handedOver.size === 0) setTimeout(() => handedOver.clear());
  handedOver.set(key, raw);
}

/**
 * ocache's storage over the unstorage root (keys start with `/cache:`, the `cache` mount), as plain
 * JSON. A failing backend never fails a request: reads become misses, writes are dropped (the
 * mount's driver bounds each call and logs the outage, `storage/guarded-driver.ts`).
 */
export const cacheStorage: StorageInterface = {
  async get<T>(key: string): Promise<T | null> {
    if (!handedOver.has(key))
      return useStorage()
        .getItem<T>(key)
        .catch(() => null) as Promise<T | null>;
    const raw = handedOver.get(key);
    handedOver.delete(key);
    // A fresh object: ocache edits the entries it reads, and the hit path shares its parses.
    return (typeof raw === "string" ? JSON.parse(raw) : (raw ?? null)) as T | null;
  },
  async set(key, value, opts) {
    handedOver.delete(key);
    if (value !== null && value !== undefined)
      return void (await useStorage()
        .setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined)
        .catch(() => undefined));
    await useStorage()
      .removeItem(key)
      .catch((error) => {
        throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
      });
  },
};
