// Key-value storage has no "create if absent" and no increment, and the Node default (files under
// `.data/kv`) lets two writes to one file interleave. Queuing every read-then-write of a key makes
// each one whole: the next task for that key starts only once the previous one has finished.
//
// This orders requests inside ONE server process only. Several processes or instances (the
// `node-cluster` platform, serverless functions, Cloudflare Workers) each have their own queue
// and can still race; they need a store with atomic operations, e.g. a database table with the
// slug as unique key and Redis INCR for the counter.

const queues = new Map<string, Promise<void>>();

/** Runs `task` after every earlier task for `key` has settled; resolves or rejects as it does. */
export function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const result = (queues.get(key) ?? Promise.resolve()).then(task);
  // The queue goes on after a failed task; the caller still sees the failure through `result`.
  const settled = result.then(
    () => {},
    () => {},
  );
  queues.set(key, settled);
  // Forget idle keys, so the map holds only the slugs in use right now.
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}
