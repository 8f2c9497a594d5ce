import { cache } from "h3/rules/cache";

/**
 * The `cache` / `swr` route rules. Until the storage-backed cache lands this is h3's own
 * ocache rule on its memory store; the cache module swaps in the shared implementation.
 */
export const cacheRule = cache;
