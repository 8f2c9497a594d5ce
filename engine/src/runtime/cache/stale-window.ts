import type { StorageInterface } from "ocache";

/**
 * The rules stale-if-error without `swr` shares between cached handlers (`stale.ts`) and cached
 * functions (`function-stale.ts`); ocache has stale-if-error only with `swr`.
 */

/** A stored entry's lifetime fields; its own (from `getMaxAge`) win over the options. */
export interface StaleWindow {
  maxAge: number;
  staleMaxAge: number | undefined;
}

interface Timed {
  mtime?: number;
  maxAge?: number | null;
  staleMaxAge?: number | null;
}

/**
 * Removals to skip, by storage key: ocache evicting an entry right after its refresh failed, which
 * the failed refresh keeps serving instead. The mark lapses after a moment (ocache evicts within
 * the same turn of the event loop), so a refresh whose eviction never comes (it was fenced by
 * `.invalidate()`, or cut off by the resolve deadline) cannot swallow a later `.invalidate()`.
 */
const kept = new Map<string, { token: symbol; until: number }>();
const KEEP_MS = 2000;

function windowOf(entry: Timed, defaults: StaleWindow): StaleWindow {
  return { maxAge: entry.maxAge ?? defaults.maxAge, staleMaxAge: entry.staleMaxAge ?? defaults.staleMaxAge };
}

/**
 * Whether an expired entry may still be served when its refresh fails: up to `maxAge +
 * staleMaxAge` after it was made; without `staleMaxAge`, at any age, as `swr` entries are (the
 * window is the same with and without `swr`, which only decides whether stale is served at once or
 * only when the refresh fails). `staleMaxAge: 0` (a `must-revalidate` response) has no window.
 */
export function isInStaleWindow(entry: Timed, defaults: StaleWindow): boolean {
  const { maxAge, staleMaxAge } = windowOf(entry, defaults);
  return staleMaxAge == null || Date.now() <= (entry.mtime ?? 0) + (maxAge + staleMaxAge) * 1000;
}

/**
 * ocache's `keepStale` rule: what counts as an outage rather than an answer. A thrown 5xx, 408 or
 * 429, or an error without a status, is an outage. Another 4xx (404, 410, 403, …) says the
 * resource is gone or forbidden now: the caller gets it and the entry goes, since serving a deleted
 * resource on (without `staleMaxAge`, indefinitely) would be wrong.
 */
export function isOutage(error: unknown): boolean {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = status ?? statusCode;
  return typeof code !== "number" || code >= 500 || code === 408 || code === 429;
}

/**
 * Marks `key`'s next removal (ocache's eviction after the failed refresh) to be skipped, so later
 * calls still find the entry. Returns a release for callers that know the eviction has passed.
 */
export function keepEntry(key: string): () => void {
  const mark = { token: Symbol(key), until: Date.now() + KEEP_MS };
  kept.set(key, mark);
  return () => {
    if (kept.get(key) === mark) kept.delete(key);
  };
}

/**
 * `base` with the removals marked by `keepEntry` skipped, and writes given a storage TTL that
 * follows the stale window: ocache gives entries without `swr` a TTL of `maxAge`, after which a TTL
 * store (Redis, KV) would have nothing left to serve. Without `staleMaxAge` an entry stays until
 * the backend drops it.
 */
export function createStaleStorage(base: StorageInterface, defaults: StaleWindow): StorageInterface {
  return {
    get: (key) => base.get(key),
    set(key, value, setOpts) {
      if (value === null || value === undefined) {
        const mark = kept.get(key);
        if (mark) kept.delete(key);
        if (mark && Date.now() <= mark.until) return undefined;
        return base.set(key, value, setOpts);
      }
      const { maxAge, staleMaxAge } = windowOf(value as Timed, defaults);
      return base.set(key, value, { ...setOpts, ttl: staleMaxAge == null ? undefined : maxAge + staleMaxAge });
    },
  };
}
