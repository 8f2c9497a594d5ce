import type { StorageInterface } from "ocache";
import { useStorage } from "../storage/index.ts";
import { resolveStorageKey } from "../storage/resolve.ts";

/** Thrown for removals while the backend is down, so `.invalidate()` does not pretend to succeed. */
export class CacheStorageDownError extends Error {
  override name = "CacheStorageDownError";
}

/**
 * ocache's `onError`: failed background refreshes (the stale entry keeps being served), hook
 * errors and oversized bodies. Storage outages are logged once by the mount's driver.
 */
export function logCacheError(error: unknown): void {
  if (error instanceof CacheStorageDownError) return;
  console.error("[edgeplate] [cache] a cached handler or function failed; the stale entry, if any, is still served:", error);
}

/**
 * What the hit path (`hit.ts`) just read for a key it then hands to ocache: ocache's own read of
 * that key takes it instead of asking the backend again. Only until this turn of the event loop
 * ends, and dropped by any write of the key, so it is never older than the backend's value as
 * this process knows it.
 */
const justRead = new Map<string, unknown>();
let dropScheduled = false;

export function handOver(key: string, raw: unknown): void {
  justRead.set(key, raw);
  if (dropScheduled) return;
  dropScheduled = true;
  setTimeout(() => ((dropScheduled = false), justRead.clear()));
}

/**
 * ocache's storage interface over the unstorage root, so entries land in the `cache` mount (keys
 * start with `/cache:`). A failing backend never fails a request: reads become misses and writes
 * are dropped. The mount's driver bounds each call, logs the outage and the recovery once each
 * (`storage/guarded-driver.ts`). Entries are plain JSON (`binary` unset), which every unstorage
 * driver holds.
 */
export const cacheStorage: StorageInterface = {
  async get<T>(key: string): Promise<T | null> {
    if (justRead.has(key)) {
      const raw = justRead.get(key);
      justRead.delete(key);
      // A fresh object: ocache edits the entries it reads, and the hit path shares its parses.
      return (typeof raw === "string" ? JSON.parse(raw) : (raw ?? null)) as T | null;
    }
    return useStorage()
      .getItem<T>(key)
      .catch(() => null) as Promise<T | null>;
  },
  async set(key, value, opts) {
    forgetParsed(key);
    justRead.delete(key);
    if (value === null || value === undefined) return remove(key);
    await useStorage()
      .setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined)
      .catch(() => undefined);
  },
};

async function remove(key: string): Promise<void> {
  try {
    await useStorage().removeItem(key);
  } catch (error) {
    throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
  }
}

/** Parsed entries by key with the text they came from; bounded, oldest dropped first. */
const parsed = new Map<string, { raw: string; entry: unknown }>();
let parsedChars = 0;
const PARSED_MAX_ENTRIES = 512;
const PARSED_MAX_CHARS = 256 * 1024;
const PARSED_MAX_TOTAL_CHARS = 4 * 1024 * 1024;

/**
 * Reads an entry for the hit path: `{ raw, entry }`, or `undefined` for "ask ocache" (outage, or
 * text that is not JSON). Parsing is most of a hit's cost, so the parse is reused while the
 * stored text is unchanged (the memory driver hands back the very same string, a network store
 * an equal one); the entry is shared and must not be mutated. Goes to the driver directly, and
 * without a promise when the driver answers synchronously (the in-process ones).
 */
export function readEntry(key: string): { raw: unknown; entry: unknown } | undefined | Promise<{ raw: unknown; entry: unknown } | undefined> {
  let raw: unknown;
  try {
    const item = resolveStorageKey(useStorage(), key);
    raw = item ? (item.driver.getItemRaw ?? item.driver.getItem)?.(item.relativeKey, {}) : useStorage().getItemRaw(key);
  } catch {
    return undefined;
  }
  if (!isThenable(raw)) return parse(key, raw);
  return raw.then(
    (value) => parse(key, value),
    () => undefined,
  );
}

function parse(key: string, raw: unknown): { raw: unknown; entry: unknown } | undefined {
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) raw = new TextDecoder().decode(raw);
  if (typeof raw !== "string") return { raw, entry: raw ?? null };
  const memo = parsed.get(key);
  if (memo && memo.raw === raw) return memo;
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    return undefined;
  }
  forgetParsed(key);
  const read = { raw, entry };
  if (raw.length <= PARSED_MAX_CHARS) {
    while (parsed.size >= PARSED_MAX_ENTRIES || (parsed.size > 0 && parsedChars + raw.length > PARSED_MAX_TOTAL_CHARS)) forgetParsed(parsed.keys().next().value!);
    parsed.set(key, read);
    parsedChars += raw.length;
  }
  return read;
}

function forgetParsed(key: string): void {
  const memo = parsed.get(key);
  if (!memo) return;
  parsed.delete(key);
  parsedChars -= memo.raw.length;
}

/** Whether a value must be awaited; lets the hit path stay synchronous when nothing must. */
export function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === "function";
}
