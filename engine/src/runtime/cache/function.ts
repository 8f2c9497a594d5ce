import { defineCachedFunction as defineOcacheFunction, type CacheOptions, type CachedFunction } from "ocache";
import { logCacheError } from "./log.ts";
import { cacheStorage } from "./storage.ts";

export type CachedFunctionOptions<T, ArgsT extends unknown[]> = Omit<CacheOptions<T, ArgsT>, "storage" | "onError">;

/**
 * Caches a function's results in the `cache` storage mount, keyed by its arguments; concurrent
 * calls with the same arguments run it once. `.invalidate(...args)` drops one entry.
 * @example
 * const getStars = defineCachedFunction(async (repo: string) => fetchStars(repo), { maxAge: 600, swr: true });
 * await getStars.invalidate("unjs/h3");
 */
export function defineCachedFunction<T, ArgsT extends unknown[] = any[]>(
  fn: (...args: ArgsT) => T | Promise<T>,
  opts: CachedFunctionOptions<T, ArgsT> = {},
): CachedFunction<T, ArgsT> {
  // ocache hashes `fn` (its source) into each entry's integrity: new code never reads old entries.
  return defineOcacheFunction(fn, { ...opts, group: opts.group ?? "functions", storage: cacheStorage, onError: logCacheError });
}
