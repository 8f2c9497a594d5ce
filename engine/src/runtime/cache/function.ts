import { defineCachedFunction as defineOcacheFunction, type CacheOptions, type CachedFunction } from "ocache";
import { handlerIntegrity, handlerName } from "./integrity.ts";
import { keepAlive } from "./keep-alive.ts";
import { createStaleStorage, staleIfErrorFunction, unwrapStale } from "./stale.ts";
import { cacheStorage, logCacheError } from "./storage.ts";

export type CachedFunctionOptions<T, ArgsT extends unknown[]> = Omit<CacheOptions<T, ArgsT>, "storage" | "onError">;

/**
 * Caches a function's results in the `cache` storage mount, keyed by its arguments; concurrent
 * calls with the same arguments run it once. `.invalidate(...args)` drops one entry. A failed
 * refresh keeps serving the stale value, with `swr` (ocache) and without (see `stale.ts`).
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
  const base = { group: opts.group ?? "functions", storage: cacheStorage, waitUntil: opts.waitUntil ?? keepAlive, onError: logCacheError };
  // Stale-if-error wraps `fn`, so its integrity (ocache's inputs, see `integrity.ts`) and name
  // come from the user's function; options that cannot be hashed leave both to ocache.
  const integrity = opts.swr || Array.isArray(opts.base) ? undefined : opts.integrity || handlerIntegrity(fn, opts as Record<string, unknown>);
  if (typeof integrity !== "string") return defineOcacheFunction(fn, { ...opts, ...base });

  const window = { maxAge: opts.maxAge ?? 1, staleMaxAge: opts.staleMaxAge };
  const storageKey = async (args: ArgsT): Promise<string | undefined> => (await cached.resolveKeys(...args))[0];
  // Bypassed calls run `fn` itself: they never read the cache, so never fall back to its entries.
  const { shouldBypassCache, ...rest } = opts;
  const cached: CachedFunction<T, ArgsT> = defineOcacheFunction(staleIfErrorFunction(fn, integrity, window, storageKey, opts.validate), {
    ...rest,
    ...base,
    name: opts.name || handlerName(fn),
    integrity,
    storage: createStaleStorage(window),
  });
  const call = async (...args: ArgsT): Promise<T> => {
    if (shouldBypassCache && (await shouldBypassCache(...args))) return fn(...args);
    try {
      return await cached(...args);
    } catch (error) {
      return unwrapStale(error, args, opts.transform);
    }
  };
  return Object.assign(call, { resolveKeys: cached.resolveKeys, invalidate: cached.invalidate, expire: cached.expire });
}
