import type { StorageInterface } from "ocache";
import { useStorage } from "../storage/index.ts";
import { guard, isDown, probe, reportOutage } from "./guard.ts";
import { forgetParsed } from "./read.ts";

/** Thrown for removals while the backend is down, so `.invalidate()` does not pretend to succeed. */
export class CacheStorageDownError extends Error {
  override name = "CacheStorageDownError";
}

/**
 * ocache's storage interface over the unstorage root, so entries land in the `cache` mount
 * (keys start with `/cache:`). A failing backend never fails a request: reads become misses and
 * writes are dropped, the outage is logged once, and a background probe logs the recovery (see
 * `guard.ts`). Entries are plain JSON (`binary` unset), which every unstorage driver can hold.
 */
export const cacheStorage: StorageInterface = {
  async get<T>(key: string): Promise<T | null> {
    if (isDown()) return (probe(), null);
    try {
      return (await guard(key, () => useStorage().getItem(key))) as T | null;
    } catch (error) {
      reportOutage(key, error);
      return null;
    }
  },
  async set(key, value, opts) {
    forgetParsed(key);
    if (value === null || value === undefined) return remove(key);
    if (isDown()) return probe();
    try {
      await guard(key, () => useStorage().setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined));
    } catch (error) {
      reportOutage(key, error);
    }
  },
};

async function remove(key: string): Promise<void> {
  try {
    await guard(key, () => useStorage().removeItem(key));
  } catch (error) {
    reportOutage(key, error);
    throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
  }
}
