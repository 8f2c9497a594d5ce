import { defineCachedFunction as defineOcacheFunction, type CacheEntry, type CacheOptions, type CachedFunction } from "ocache";
import { identify } from "./identity.ts";
import { keepAlive } from "./keep-alive.ts";
import { fromBase64, withStaleFallback } from "./stale.ts";
import { cacheStorage, logCacheError } from "./storage.ts";

export type CachedFunctionOptions<T, ArgsT extends unknown[]> = Omit<CacheOptions<T, ArgsT>, "storage" | "onError">;

/** What a failed recompute resolves to: the stale entry, refused by `validate` (never stored), unwrapped by `transform`. */
class Stale {
  constructor(readonly entry: CacheEntry) {}
}

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
  // A function gets no event, so its background work is kept alive through the host's request-free `waitUntil`.
  const base = { group: opts.group ?? "functions", storage: cacheStorage, waitUntil: opts.waitUntil ?? keepAlive, onError: logCacheError };
  if (opts.swr || Array.isArray(opts.base)) return defineOcacheFunction(fn, { ...opts, ...base });
  const { shouldBypassCache, validate, transform, getMaxAge } = opts;
  const setup = identify(fn, opts).then(({ name, integrity }): CachedFunction<T, ArgsT> => {
    if (integrity === undefined) return defineOcacheFunction(fn, { ...opts, ...base, shouldBypassCache: undefined });
    const stale = withStaleFallback<ArgsT, T>(async (...args) => fn(...args), {
      maxAge: opts.maxAge ?? 1,
      staleMaxAge: opts.staleMaxAge,
      integrity,
      storageKey: async (args): Promise<string | undefined> => (await cached.resolveKeys(...args))[0],
      async fallback(stored, args) {
        const entry = { ...stored, encoding: undefined, payload: undefined };
        if (stored.encoding) entry.value = stored.encoding === "base64" && typeof stored.value === "string" ? fromBase64(stored.value) : undefined;
        if (entry.value === undefined || (validate && (await validate(entry, { args })) === false)) return undefined;
        return new Stale(entry) as T;
      },
    });
    const cached: CachedFunction<T, ArgsT> = defineOcacheFunction(stale.refresh, {
      ...opts,
      ...base,
      name,
      integrity,
      storage: stale.storage,
      shouldBypassCache: undefined,
      validate: (entry, ctx) => !(entry.value instanceof Stale) && (validate ? validate(entry, ctx) : entry.value !== undefined),
      getMaxAge: getMaxAge && ((entry) => (entry.value instanceof Stale ? undefined : getMaxAge(entry))),
      transform(entry, ...args) {
        if (!(entry.value instanceof Stale)) return transform?.(entry, ...args);
        const staleEntry: CacheEntry<T> = { ...entry.value.entry, status: "stale" };
        return transform ? Promise.resolve(transform(staleEntry, ...args)).then((value) => value ?? staleEntry.value) : staleEntry.value;
      },
    });
    return cached;
  });
  // Bypassed calls run `fn` itself: they never read the cache, so never fall back to its entries.
  const call = async (...args: ArgsT): Promise<T> => (shouldBypassCache && (await shouldBypassCache(...args)) ? fn(...args) : (await setup)(...args));
  const later =
    (method: "resolveKeys" | "invalidate" | "expire") =>
    async (...args: ArgsT) =>
      (await setup)[method](...args);
  return Object.assign(call, { resolveKeys: later("resolveKeys"), invalidate: later("invalidate"), expire: later("expire") }) as CachedFunction<T, ArgsT>;
}
