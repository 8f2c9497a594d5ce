import { defineCachedFunction as defineOcacheFunction, type CacheOptions, type CachedFunction } from "ocache";
import { createFunctionStaleIfError } from "./function-stale.ts";
import { handlerIntegrity, handlerName } from "./integrity.ts";
import { keepAlive } from "./keep-alive.ts";
import { logCacheError } from "./log.ts";
import { createStaleStorage } from "./stale-window.ts";
import { createFunctionStorage } from "./writes.ts";

export type CachedFunctionOptions<T, ArgsT extends unknown[]> = Omit<CacheOptions<T, ArgsT>, "storage" | "onError">;

/**
 * Caches a function's results in the `cache` storage mount, keyed by its arguments; concurrent
 * calls with the same arguments run it once. `.invalidate(...args)` drops one entry, without
 * waiting on work of other requests (see `writes.ts`). A failed refresh keeps serving the stale
 * value, with `swr` (ocache) and without (see `function-stale.ts`).
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
  const base = { group: opts.group ?? "functions", storage: createFunctionStorage(waitUntil), waitUntil, onError: logCacheError };
  // ocache hashes `fn` (its source) into each entry's integrity: new code never reads old entries.
  // Stale-if-error wraps `fn`, so its integrity (the same inputs, see `integrity.ts`) and name are
  // computed here from the user's function; options that cannot be hashed leave it to ocache.
  const integrity = opts.swr || Array.isArray(opts.base) ? undefined : opts.integrity || handlerIntegrity(fn, opts as Record<string, unknown>);
  if (typeof integrity !== "string") return defineOcacheFunction(fn, { ...opts, ...base });

  const window = { maxAge: opts.maxAge ?? 1, staleMaxAge: opts.staleMaxAge };
  const stale = createFunctionStaleIfError<T, ArgsT>({
    integrity,
    window,
    storageKey: async (args): Promise<string | undefined> => (await cached.resolveKeys(...args))[0],
    validate: opts.validate,
    transform: opts.transform,
  });
  // Bypassed calls run `fn` itself: they never read the cache, so never fall back to its entries.
  const { shouldBypassCache, ...rest } = opts;
  const cached: CachedFunction<T, ArgsT> = defineOcacheFunction(stale.wrap(fn), {
    ...rest,
    ...base,
    name: opts.name || handlerName(fn),
    integrity,
    storage: createStaleStorage(base.storage, window),
  });
  const call = async (...args: ArgsT): Promise<T> => {
    if (shouldBypassCache && (await shouldBypassCache(...args))) return fn(...args);
    try {
      return await cached(...args);
    } catch (error) {
      return stale.unwrap(error, args);
    }
  };
  return Object.assign(call, { resolveKeys: cached.resolveKeys, invalidate: cached.invalidate, expire: cached.expire });
}
