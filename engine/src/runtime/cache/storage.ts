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

interface Outage {
  lastProbe: number;
  probing: boolean;
  key: string;
}

let outage: Outage | undefined;

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
      return (await withTimeout(useStorage().getItem(key))) as T | null;
    } catch (error) {
      reportOutage(key, error);
      return null;
    }
  },
  async set(key, value, opts) {
    if (value === null || value === undefined) return remove(key);
    if (outage) return probe();
    try {
      await withTimeout(useStorage().setItem(key, value as never, opts?.ttl ? { ttl: opts.ttl } : undefined));
    } catch (error) {
      reportOutage(key, error);
    }
  },
};

async function remove(key: string): Promise<void> {
  try {
    await withTimeout(useStorage().removeItem(key));
  } catch (error) {
    reportOutage(key, error);
    throw new CacheStorageDownError(`[edgeplate] [cache] could not remove \`${key}\`: the cache storage is unavailable.`, { cause: error });
  }
}

function reportOutage(key: string, error: unknown): void {
  if (outage) return;
  outage = { lastProbe: Date.now(), probing: false, key };
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`[edgeplate] [cache] the \`cache\` storage failed (${reason}); serving uncached responses until it answers again.`);
  silenceClientErrors(key);
}

function probe(): void {
  const current = outage;
  if (!current || current.probing || Date.now() - current.lastProbe < PROBE_INTERVAL_MS) return;
  current.probing = true;
  Promise.resolve()
    .then(() => withTimeout(useStorage().hasItem(current.key)))
    .then(
      () => {
        outage = undefined;
        console.error("[edgeplate] [cache] the `cache` storage answers again; caching resumed.");
      },
      () => {
        current.probing = false;
        current.lastProbe = Date.now();
      },
    );
}

/**
 * Network clients such as ioredis emit an `error` event on every reconnect attempt and print it
 * when nobody listens. The outage is already reported above, so listen once to keep the log to
 * one line instead of one per reconnect.
 */
function silenceClientErrors(key: string): void {
  try {
    const client = (useStorage().getMount(key).driver as { getInstance?: () => unknown }).getInstance?.() as
      | { on?: (name: string, fn: () => void) => void; listenerCount?: (name: string) => number }
      | undefined;
    if (typeof client?.on === "function" && client.listenerCount?.("error") === 0) client.on("error", () => {});
  } catch {
    // A driver without a client instance has nothing to silence.
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
