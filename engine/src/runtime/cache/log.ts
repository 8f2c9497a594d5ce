import { CacheStorageDownError } from "./storage.ts";

/**
 * ocache's `onError`: failed background refreshes (the stale entry keeps being served), hook
 * errors and oversized bodies. Storage outages are reported once by the storage adapter itself.
 */
export function logCacheError(error: unknown): void {
  if (error instanceof CacheStorageDownError) return;
  console.error("[edgeplate] [cache] a cached handler or function failed; the stale entry, if any, is still served:", error);
}
