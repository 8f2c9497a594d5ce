import { defineCachedFunction as defineOcacheFunction, type CacheOptions, type CachedFunction } from "ocache";
import { keepAlive } from "./keep-alive.ts";
import { logCacheError } from "./log.ts";
import { createFunctionStorage } from "./writes.ts";

export type CachedFunctionOptions<T, ArgsT extends unknown[]> = Omit<CacheOptions<T, ArgsT>, "storage" | "onError">;

/**
 * Caches a function's results in the `cache` storage mount, keyed by its arguments; concurrent
 * calls with the same arguments run it once. `.invalidate(...args)` drops one entry, without
 * waiting on work of other requests (see `writes.ts`).
 * @example
 * const getStars = defineCachedFunction(async (repo: string) => fetchStars(repo), { maxAge: 600, swr: true });
 * await getStars.invalidate("unjs/h3");
 */
export function defineCachedFunction<T, ArgsT extends unknown[] = any[]>(
  fn: (...args: ArgsT) => T | Promise<T>,
  opts: CachedFunctionOptions<T, ArgsT> = {},
): CachedFunction<T, ArgsT> {
  // A function gets no event, so its background refreshes and writes are kept alive through the
  // host's request-free `waitUntil` (see `keep-alive.ts`) unless the caller passes its own.
  const waitUntil = opts.waitUntil ?? keepAlive;
  // ocache hashes `fn` (its source) into each entry's integrity: new code never reads old entries.
  return defineOcacheFunction(fn, {
    ...opts,
    group: opts.group ?? "functions",
    storage: createFunctionStorage(waitUntil),
    waitUntil,
    onError: logCacheError,
  });
}
