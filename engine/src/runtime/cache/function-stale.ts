import type { CacheEntry, CacheOptions } from "ocache";
import { logCacheError } from "./log.ts";
import { isInStaleWindow, isOutage, keepEntry, type StaleWindow } from "./stale-window.ts";
import { cacheStorage } from "./storage.ts";

/**
 * Thrown (to ocache) by a refresh that failed while its expired entry may still be served; every
 * call waiting on that refresh gets it and answers with `entry` instead of the error.
 */
class ServeStale {
  constructor(
    readonly entry: CacheEntry,
    readonly release: () => void,
  ) {}
}

export interface FunctionStaleOptions<T, ArgsT extends unknown[]> {
  /** What the function's entries carry (see `integrity.ts`); another function's entry is never served. */
  integrity: string;
  window: StaleWindow;
  /** ocache's storage key of the entry for `args`. */
  storageKey: (args: ArgsT) => Promise<string | undefined>;
  validate?: CacheOptions<T, ArgsT>["validate"];
  transform?: CacheOptions<T, ArgsT>["transform"];
}

/**
 * Stale-if-error for cached functions without `swr` (ocache has it only with `swr`), as `stale.ts`
 * does for handlers: when the refresh of an expired entry throws an outage, the callers get the
 * stale value, the error is logged once per refresh, and ocache's eviction of the entry is skipped.
 *
 * Unlike a handler's refresh, which resolves to a response marked not to be stored, the refresh
 * here still fails (ocache would otherwise store the stale value as new, with a fresh `mtime`): it
 * throws a `ServeStale` that `unwrap` turns back into the value.
 */
export function createFunctionStaleIfError<T, ArgsT extends unknown[]>(opts: FunctionStaleOptions<T, ArgsT>) {
  /** The stored entry a failed refresh for `args` may fall back to, as ocache would read it. */
  const staleFor = async (args: ArgsT, error: unknown): Promise<ServeStale | undefined> => {
    if (!isOutage(error)) return undefined;
    const key = await opts.storageKey(args);
    const stored = key ? await cacheStorage.get<CacheEntry>(key) : null;
    if (!key || !stored || typeof stored !== "object" || stored.integrity !== opts.integrity || !isInStaleWindow(stored, opts.window)) return undefined;
    const entry = decode(stored);
    if (!entry || (opts.validate && (await opts.validate(entry, { args })) === false)) return undefined;
    const release = keepEntry(key);
    logCacheError(error);
    return new ServeStale(entry, release);
  };

  return {
    /** The function ocache runs to refresh an entry. */
    wrap:
      (fn: (...args: ArgsT) => T | Promise<T>) =>
      async (...args: ArgsT): Promise<T> => {
        try {
          return await fn(...args);
        } catch (error) {
          throw (await staleFor(args, error).catch(() => undefined)) ?? error;
        }
      },
    /** A caller's answer when ocache's call failed: the stale value, or the error. */
    async unwrap(error: unknown, args: ArgsT): Promise<T> {
      if (!(error instanceof ServeStale)) throw error;
      // ocache's eviction ran before the failure reached any caller: the mark has done its job.
      error.release();
      const entry: CacheEntry = { ...error.entry, status: "stale" };
      if (!opts.transform) return entry.value as T;
      return ((await opts.transform(entry, ...args)) ?? entry.value) as T;
    },
  };
}

/** A stored entry as ocache's read hands it on (bytes decoded), or `undefined` if it holds no value. */
function decode(stored: CacheEntry): CacheEntry | undefined {
  const { encoding, payload: _payload, ...entry } = stored;
  if (entry.value === undefined || (encoding !== undefined && (encoding !== "base64" || typeof entry.value !== "string"))) return undefined;
  if (encoding === "base64") entry.value = Uint8Array.from(atob(entry.value as string), (c) => c.charCodeAt(0));
  return entry;
}
