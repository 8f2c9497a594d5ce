import type { EventHandler, H3Event } from "h3";
import type { CacheEntry, CacheOptions, StorageInterface } from "ocache";
import type { StoredResponse } from "./hit.ts";
import { CACHEABLE, NO_STORE, SERVED_STALE } from "./response.ts";
import { cacheStorage, logCacheError } from "./storage.ts";

/**
 * Stale-if-error without `swr`, for cached handlers and functions: ocache has it only with `swr`.
 * When the refresh of an expired entry throws an outage, the callers get the stale entry, the
 * error is logged once per refresh, and ocache's eviction of the entry right after is skipped.
 *
 * The window: up to `maxAge + staleMaxAge` after the entry was made; without `staleMaxAge`, at any
 * age, as `swr` entries are. `staleMaxAge: 0` (a `must-revalidate` response) has none. An entry's
 * own lifetimes (from `getMaxAge`) win over the options.
 */
export interface StaleWindow {
  maxAge: number;
  staleMaxAge: number | undefined;
}

interface Timed {
  mtime?: number;
  maxAge?: number | null;
  staleMaxAge?: number | null;
  integrity?: unknown;
}

/**
 * Removals to skip, by storage key: ocache evicting an entry right after its refresh failed. The
 * mark lapses after a moment (ocache evicts within the same turn), so a refresh whose eviction
 * never comes (fenced by `.invalidate()`, or cut off by the deadline) cannot swallow a later one.
 */
const kept = new Map<string, { until: number }>();
const KEEP_MS = 2000;

function windowOf(entry: Timed, defaults: StaleWindow): StaleWindow {
  return { maxAge: entry.maxAge ?? defaults.maxAge, staleMaxAge: entry.staleMaxAge ?? defaults.staleMaxAge };
}

/**
 * ocache's `keepStale` rule: a thrown 5xx, 408 or 429, or an error without a status, is an
 * outage. Another 4xx (404, 410, 403, …) says the resource is gone or forbidden now: the caller
 * gets it and the entry goes.
 */
function isOutage(error: unknown): boolean {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = status ?? statusCode;
  return typeof code !== "number" || code >= 500 || code === 408 || code === 429;
}

/**
 * The stored entry a failed refresh may fall back to: an outage, this code's entry, in its
 * window. Marks its eviction to be skipped and logs the error; returns the entry and the mark's release.
 */
async function staleEntry<E extends Timed>(error: unknown, key: string | undefined, integrity: string, defaults: StaleWindow, accept: (entry: E) => boolean | Promise<boolean>) {
  if (!isOutage(error) || !key) return undefined;
  const entry = await cacheStorage.get<E>(key);
  if (!entry || typeof entry !== "object" || entry.integrity !== integrity) return undefined;
  const { maxAge, staleMaxAge } = windowOf(entry, defaults);
  if (staleMaxAge != null && Date.now() > (entry.mtime ?? 0) + (maxAge + staleMaxAge) * 1000) return undefined;
  if (!(await accept(entry))) return undefined;
  const mark = { until: Date.now() + KEEP_MS };
  kept.set(key, mark);
  logCacheError(error);
  return { entry, release: () => kept.get(key) === mark && kept.delete(key) };
}

/**
 * The storage under stale-if-error: marked removals skipped, and writes given a storage TTL that
 * follows the stale window (ocache gives entries without `swr` a TTL of `maxAge`, after which a
 * TTL store such as Redis or KV would have nothing left to serve).
 */
export function createStaleStorage(defaults: StaleWindow): StorageInterface {
  return {
    get: (key) => cacheStorage.get(key),
    set(key, value, setOpts) {
      if (value === null || value === undefined) {
        const mark = kept.get(key);
        if (mark) kept.delete(key);
        if (mark && Date.now() <= mark.until) return undefined;
        return cacheStorage.set(key, value, setOpts);
      }
      const { maxAge, staleMaxAge } = windowOf(value as Timed, defaults);
      return cacheStorage.set(key, value, { ...setOpts, ttl: staleMaxAge == null ? undefined : maxAge + staleMaxAge });
    },
  };
}

/**
 * For handlers: the handler ocache runs to refresh an entry. When it fails, the refresh resolves
 * to the stale entry instead, marked (`NO_STORE: stale`) to be sent as `x-cache: STALE` and not
 * stored again; every request waiting on the refresh gets it.
 */
export function staleIfErrorHandler(handler: EventHandler, integrity: string, defaults: StaleWindow, storageKey: (event: H3Event) => Promise<string | undefined>) {
  return async (event: H3Event) => {
    try {
      const value = await handler(event);
      // A returned error renders as one (see `toCacheableResponse`): the refresh failed all the same.
      if (value instanceof Error) throw value;
      return value;
    } catch (error) {
      const stale = await staleEntry<Timed & { value?: StoredResponse }>(error, await storageKey(event).catch(() => undefined), integrity, defaults, ({ value }) =>
        isServable(value),
      ).catch(() => undefined);
      if (!stale) throw error;
      const { status, statusText, headers, body, base64 } = stale.entry.value!;
      // Its own etag, last-modified and cache-control stay: ocache adds only what a response lacks.
      return new Response(base64 ? Uint8Array.from(atob(body as string), (c) => c.charCodeAt(0)) : (body as string), {
        status,
        statusText,
        headers: { ...headers, [NO_STORE]: SERVED_STALE },
      });
    }
  };
}

function isServable(value: StoredResponse | undefined): boolean {
  return !!value && typeof value === "object" && CACHEABLE.has(value.status) && typeof value.body === "string" && !!value.headers && typeof value.headers === "object";
}

/** Thrown through ocache by a function's failed refresh; `unwrapStale` turns it back into the value. */
class ServeStale {
  constructor(
    readonly entry: CacheEntry,
    readonly release: () => void,
  ) {}
}

/**
 * For functions: unlike a handler's refresh, which resolves to a response marked not to be stored,
 * the refresh here still fails (ocache would otherwise store the stale value as new), throwing a
 * `ServeStale` that every waiting caller unwraps with `unwrapStale`.
 */
export function staleIfErrorFunction<T, ArgsT extends unknown[]>(
  fn: (...args: ArgsT) => T | Promise<T>,
  integrity: string,
  defaults: StaleWindow,
  storageKey: (args: ArgsT) => Promise<string | undefined>,
  validate: CacheOptions<T, ArgsT>["validate"],
) {
  return async (...args: ArgsT): Promise<T> => {
    try {
      return await fn(...args);
    } catch (error) {
      const accept = async (stored: CacheEntry) => {
        const entry = decode(stored);
        return !!entry && (!validate || (await validate(entry, { args })) !== false);
      };
      const stale = await staleEntry<CacheEntry>(error, await storageKey(args).catch(() => undefined), integrity, defaults, accept).catch(() => undefined);
      throw stale ? new ServeStale(decode(stale.entry)!, stale.release) : error;
    }
  };
}

/** A caller's answer when ocache's call failed: the stale value, or the error. */
export async function unwrapStale<T, ArgsT extends unknown[]>(error: unknown, args: ArgsT, transform: CacheOptions<T, ArgsT>["transform"]): Promise<T> {
  if (!(error instanceof ServeStale)) throw error;
  // ocache's eviction ran before the failure reached any caller: the mark has done its job.
  error.release();
  const entry: CacheEntry = { ...error.entry, status: "stale" };
  if (!transform) return entry.value as T;
  return ((await transform(entry, ...args)) ?? entry.value) as T;
}

/** A stored entry as ocache's read hands it on (bytes decoded), or `undefined` if it holds no value. */
function decode(stored: CacheEntry): CacheEntry | undefined {
  const { encoding, payload: _payload, ...entry } = stored;
  if (entry.value === undefined || (encoding !== undefined && (encoding !== "base64" || typeof entry.value !== "string"))) return undefined;
  if (encoding === "base64") entry.value = Uint8Array.from(atob(entry.value as string), (c) => c.charCodeAt(0));
  return entry;
}
