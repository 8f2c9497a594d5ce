import { useStorage } from "../storage/index.ts";

/** A cache read should take milliseconds; past this the backend counts as down. */
const TIMEOUT_MS = 3000;
/** How often the one deadline timer checks the operations in flight. */
const WATCH_INTERVAL_MS = 250;
/** While the backend is down, one background probe per interval checks whether it is back. */
const PROBE_INTERVAL_MS = 5000;

let outage: { since: number; lastProbe: number; probing: boolean; key: string } | undefined;
/** Operations in flight with their deadlines, failed at once when an outage is reported (a queued Redis command would wait). */
const inFlight = new Set<{ deadline: number; fail: (error: unknown) => void }>();
let watchdog: ReturnType<typeof setInterval> | undefined;
let lastTick = 0;
let watchedClient = false;

/** Whether the backend is known to be down (reads are misses, writes are dropped meanwhile). */
export function isDown(): boolean {
  return outage !== undefined;
}

/**
 * Runs one storage call with a deadline, failing early when the backend reports an outage. One
 * shared interval enforces the deadlines (to within its period) instead of a timer and a
 * `Promise.race` per call, which cost more than a read from an in-process driver.
 */
export function guard<T>(key: string, call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = Date.now();
    const op = { deadline: now + TIMEOUT_MS, fail: reject };
    inFlight.add(op);
    // workerd drops a timer along with the request that set it: an interval that stopped ticking
    // belongs to a finished request, and this one starts its own.
    if (watchdog !== undefined && now - lastTick > WATCH_INTERVAL_MS * 4) stopWatchdog();
    if (watchdog === undefined) {
      lastTick = now;
      watchdog = setInterval(expireOverdue, WATCH_INTERVAL_MS);
    }
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
  const now = (lastTick = Date.now());
  for (const op of inFlight) {
    if (now < op.deadline) continue;
    inFlight.delete(op);
    op.fail(new Error(`no answer within ${TIMEOUT_MS} ms`));
  }
  if (inFlight.size === 0) stopWatchdog();
}

function stopWatchdog(): void {
  try {
    clearInterval(watchdog);
  } catch {
    // A timer of another (finished) request: nothing left to stop.
  }
  watchdog = undefined;
}

export function reportOutage(key: string, error: unknown): void {
  if (outage) return;
  outage = { since: Date.now(), lastProbe: Date.now(), probing: false, key };
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`[edgeplate] [cache] the \`cache\` storage failed (${reason}); serving uncached responses until it answers again.`);
  for (const op of inFlight) op.fail(error);
  inFlight.clear();
}

/** While down: at most one background check per interval of whether the backend is back. */
export function probe(): void {
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
