import type { StorageInterface } from "ocache";
import { useStorage } from "../storage/index.ts";
import { resolveStorageKey } from "../storage/resolve.ts";

/** A cache read should take milliseconds; past this the backend counts as down. */
const TIMEOUT_MS = 3000;
/** How often the one deadline timer checks the operations in flight. */
const WATCH_INTERVAL_MS = 250;
/** While the backend is down, one background probe per interval checks whether it is back. */
const PROBE_INTERVAL_MS = 5000;

/** Thrown for removals while the backend is down, so `.invalidate()` does not pretend to succeed. */
export class CacheStorageDownError extends Error {
  override name = "CacheStorageDownError";
}

let outage: { since: number; lastProbe: number; probing: boolean; key: string } | undefined;
/** Operations in flight with their deadlines, failed at once when an outage is reported (a queued Redis command would wait). */
const inFlight = new Set<{ deadline: number; fail: (error: unknown) => void }>();
let watchdog: ReturnType<typeof setInterval> | undefined;
let watchedClient = false;

/**
 * ocache's storage interface over the unstorage root, so entries land in the `cache` mount
 * (keys start with `/cache:`). A failing backend never fails a request: reads become misses and
 * writes are dropped, the outage is logged once, and a background probe logs the recovery.
 * Entries are plain JSON (`binary` unset), which every unstorage driver can hold.
 */
export const cacheStorage: StorageInterface = {
  async get<T>(key: string): Promise<T | null> {
    if (outage) return (probe(), null);
    try {
      return (await guard(key, () => useStorage().getItem(key))) as T | null;
    } catch (error) {
      reportOutage(key, error);
      return null;
    }
  },
  async set(key, value, opts) {
    forget(key);
    if (value === null || value === undefined) return remove(key);
    if (outage) return probe();
    try {
      await guard(key, () => useStorage().setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined));
    } catch (error) {
      reportOutage(key, error);
    }
  },
};

/** Parsed entries by key with the text they came from; bounded, oldest dropped first. */
const parsed = new Map<string, { raw: string; entry: unknown }>();
let parsedChars = 0;
/** Bounds for the parsed entries kept: a few MB, and no single large entry. */
const PARSED_MAX_ENTRIES = 512;
const PARSED_MAX_CHARS = 256 * 1024;
const PARSED_MAX_TOTAL_CHARS = 4 * 1024 * 1024;

/**
 * Reads an entry for the cache-hit fast path (see `hit.ts`). Parsing the stored JSON is most of
 * a hit's cost, so the parse is reused while the stored text is unchanged: the memory driver
 * hands back the very same string (an O(1) comparison), a network store an equal one. The result
 * is shared between requests and must not be mutated. `undefined` means "ask ocache" (outage or
 * text that is not JSON); ocache's own reads (`cacheStorage.get`) still parse afresh.
 *
 * Goes to the driver directly (as `getItemRaw` would). A driver that answers synchronously (the
 * in-process ones) is used without the deadline machinery: there is nothing to wait for, and a
 * hit then takes no promise at all here.
 */
export function readCacheEntry(key: string): unknown {
  if (outage) return undefined;
  let raw: unknown;
  try {
    const item = resolveStorageKey(useStorage(), key);
    raw = item ? (item.driver.getItemRaw ?? item.driver.getItem)?.(item.relativeKey, {}) : useStorage().getItemRaw(key);
  } catch (error) {
    reportOutage(key, error);
    return undefined;
  }
  if (!isThenable(raw)) return parseEntry(key, raw);
  return guard(key, () => raw as Promise<unknown>).then(
    (value) => parseEntry(key, value),
    (error) => (reportOutage(key, error), undefined),
  );
}

function parseEntry(key: string, raw: unknown): unknown {
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) raw = new TextDecoder().decode(raw);
  if (typeof raw !== "string") return raw ?? null;
  const memo = parsed.get(key);
  if (memo && memo.raw === raw) return memo.entry;
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    return undefined;
  }
  forget(key);
  if (raw.length <= PARSED_MAX_CHARS) {
    while (parsed.size >= PARSED_MAX_ENTRIES || (parsed.size > 0 && parsedChars + raw.length > PARSED_MAX_TOTAL_CHARS)) forget(parsed.keys().next().value!);
    parsed.set(key, { raw, entry });
    parsedChars += raw.length;
  }
  return entry;
}

function forget(key: string): void {
  const memo = parsed.get(key);
  if (!memo) return;
  parsed.delete(key);
  parsedChars -= memo.raw.length;
}

/** Whether a value must be awaited; lets the hit path stay synchronous when nothing must. */
export function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === "function";
}

async function remove(key: string): Promise<void> {
  try {
    await guard(key, () => useStorage().removeItem(key));
  } catch (error) {
    reportOutage(key, error);
    throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
  }
}

/**
 * Runs one storage call with a deadline, failing early when the backend reports an outage. One
 * shared interval enforces the deadlines (to within its period) instead of a timer and a
 * `Promise.race` per call, which cost more than a read from an in-process driver.
 */
function guard<T>(key: string, call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const op = { deadline: Date.now() + TIMEOUT_MS, fail: reject };
    inFlight.add(op);
    watchdog ??= setInterval(expireOverdue, WATCH_INTERVAL_MS);
    let result: Promise<T>;
    try {
      result = call();
      watchClient(key);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => (inFlight.delete(op), resolve(value)),
      (error) => (inFlight.delete(op), reject(error)),
    );
  });
}

function expireOverdue(): void {
  const now = Date.now();
  for (const op of inFlight) {
    if (now < op.deadline) continue;
    inFlight.delete(op);
    op.fail(new Error(`no answer within ${TIMEOUT_MS} ms`));
  }
  if (inFlight.size === 0) {
    clearInterval(watchdog);
    watchdog = undefined;
  }
}

function reportOutage(key: string, error: unknown): void {
  if (outage) return;
  outage = { since: Date.now(), lastProbe: Date.now(), probing: false, key };
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`[edgeplate] [cache] the \`cache\` storage failed (${reason}); serving uncached responses until it answers again.`);
  for (const op of inFlight) op.fail(error);
  inFlight.clear();
}

function probe(): void {
  const current = outage;
  if (!current || current.probing || Date.now() - current.lastProbe < PROBE_INTERVAL_MS) return;
  current.probing = true;
  Promise.resolve()
    .then(() => guard(current.key, () => useStorage().hasItem(current.key)))
    .then(
      () => {
        outage = undefined;
        console.error(`[edgeplate] [cache] the \`cache\` storage answers again after ${Math.round((Date.now() - current.since) / 1000)} s; caching resumed.`);
      },
      () => {
        current.probing = false;
        current.lastProbe = Date.now();
      },
    );
}

/**
 * Network clients such as ioredis emit `error` on every failed (re)connect and print each one
 * when nobody listens. Listening turns the first into the one outage report, and keeps the log
 * to that line instead of one per reconnect attempt. Runs once, after the first call created the
 * client (drivers create it lazily).
 */
function watchClient(key: string): void {
  if (watchedClient) return;
  watchedClient = true;
  try {
    const driver = useStorage().getMount(key).driver as { getInstance?: () => unknown };
    const client = driver.getInstance?.() as { on?: (name: string, fn: (error: unknown) => void) => void; listenerCount?: (name: string) => number } | undefined;
    if (typeof client?.on === "function" && client.listenerCount?.("error") === 0) client.on("error", (error) => reportOutage(key, error));
  } catch {
    // A driver without a client instance has nothing to watch.
  }
}
