import type { StorageInterface } from "ocache";
import { useStorage } from "../storage/index.ts";

/** A cache read should take milliseconds; past this the backend counts as down. */
const TIMEOUT_MS = 3000;
/** While the backend is down, one background probe per interval checks whether it is back. */
const PROBE_INTERVAL_MS = 5000;

/** Thrown for removals while the backend is down, so `.invalidate()` does not pretend to succeed. */
export class CacheStorageDownError extends Error {
  override name = "CacheStorageDownError";
}

let outage: { since: number; lastProbe: number; probing: boolean; key: string } | undefined;
/** Operations in flight, failed at once when an outage is reported (a queued Redis command would wait). */
const inFlight = new Set<(error: unknown) => void>();
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
    if (value === null || value === undefined) return remove(key);
    if (outage) return probe();
    try {
      await guard(key, () => useStorage().setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined));
    } catch (error) {
      reportOutage(key, error);
    }
  },
};

async function remove(key: string): Promise<void> {
  try {
    await guard(key, () => useStorage().removeItem(key));
  } catch (error) {
    reportOutage(key, error);
    throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
  }
}

/** Runs one storage call with a deadline, failing early when the backend reports an outage. */
function guard<T>(key: string, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abort: ((error: unknown) => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    abort = reject;
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  inFlight.add(abort!);
  let result: Promise<T>;
  try {
    result = call();
    watchClient(key);
  } catch (error) {
    result = Promise.reject(error);
  }
  return Promise.race([result, stop]).finally(() => {
    clearTimeout(timer);
    inFlight.delete(abort!);
  });
}

function reportOutage(key: string, error: unknown): void {
  if (outage) return;
  outage = { since: Date.now(), lastProbe: Date.now(), probing: false, key };
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`[edgeplate] [cache] the \`cache\` storage failed (${reason}); serving uncached responses until it answers again.`);
  for (const abort of inFlight) abort(error);
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
