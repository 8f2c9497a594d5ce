import type { StorageInterface } from "ocache";
import { cacheStorage } from "./storage.ts";

type WaitUntil = (promise: Promise<unknown>) => void;
type SetOptions = Parameters<StorageInterface["set"]>[2];

/** A write handed to the backend that has not landed yet; `overtaken` once a removal of its key ran meanwhile. */
interface Landing {
  overtaken: boolean;
}
/** Writes still landing, by storage key. */
const landing = new Map<string, Set<Landing>>();

/**
 * The storage cached functions give ocache. ocache's `.invalidate()` / `.expire()` first wait for
 * any write of the key still landing, so that it cannot bring the purged entry back. That write
 * belongs to the request that computed the value, and workerd never lets another request wait on
 * it (it even drops a request's unfinished I/O once that request has answered): `.invalidate()`
 * in a later request never returned.
 *
 * Here ocache's write settles as soon as it is handed to the backend, in the writing request's
 * own tick, so no other request ever finds one to wait for; the backend write itself is kept
 * alive with `waitUntil`. What the wait protected holds another way: ocache still fences a
 * resolution in flight (it writes nothing after the purge, and later calls do not join it), and a
 * removal that overtakes a write already on its way marks it, so that the write removes its entry
 * again once it lands — in the request that made it, which only ever waits for its own I/O.
 */
export function createFunctionStorage(waitUntil: WaitUntil): StorageInterface {
  return {
    get: (key) => cacheStorage.get(key),
    async set(key, value, opts) {
      if (value === null || value === undefined) {
        for (const write of landing.get(key) ?? []) write.overtaken = true;
        return cacheStorage.set(key, value, opts);
      }
      waitUntil(land(key, value as { mtime?: number }, opts));
    },
  };
}

/** Issues the write at once (before the first `await`), and undoes it if a removal overtook it. */
async function land(key: string, value: { mtime?: number }, opts: SetOptions): Promise<void> {
  const write: Landing = { overtaken: false };
  let writes = landing.get(key);
  if (!writes) landing.set(key, (writes = new Set()));
  writes.add(write);
  try {
    await cacheStorage.set(key, value, opts);
  } finally {
    writes.delete(write);
    if (writes.size === 0 && landing.get(key) === writes) landing.delete(key);
  }
  if (!write.overtaken) return;
  // Only this write's own entry: a newer one may have landed after the removal.
  const stored = await cacheStorage.get<{ mtime?: number }>(key);
  if (!stored || stored.mtime !== value.mtime) return;
  try {
    await cacheStorage.set(key, null);
  } catch {
    // The backend is down (reported once by the adapter); the entry expires with its TTL.
  }
}
