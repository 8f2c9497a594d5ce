/** A storage call should take milliseconds; past this the backend counts as down. */
const TIMEOUT_MS = 3000;
/** How often the one deadline timer checks the operations in flight. */
const WATCH_INTERVAL_MS = 250;
/** While the backend is down, one background probe per interval checks whether it is back. */
const PROBE_INTERVAL_MS = 5000;

/** Operations in flight with their deadlines, across every guarded mount. */
const inFlight = new Set<{ deadline: number; fail: (error: unknown) => void }>();
let watchdog: ReturnType<typeof setInterval> | undefined;
let lastTick = 0;

export interface StorageGuardOptions {
  /** `cache` or `storage`: the log lines' subsystem. */
  subsystem: string;
  /** What happens while the mount is down, and once it is back (the log lines' ends). */
  whileDown: string;
  whenBack: string;
  /** One cheap call to the unguarded backend, for the recovery probe. */
  probe: (key: string) => Promise<unknown>;
  /** The driver's network client, if it has one (drivers create it on first use). */
  client: (key: string) => unknown;
}

export interface StorageGuard {
  /** Whether the backend is known to be down. */
  isDown(): boolean;
  /** Runs one storage call with a deadline, failing early when the backend reports an outage. */
  guard<T>(key: string, call: () => Promise<T>): Promise<T>;
  /** Logs the outage once and fails the calls in flight at once (a queued Redis command would wait). */
  reportOutage(key: string, error: unknown): void;
  /** While down: at most one background check per interval of whether the backend is back. */
  probe(): void;
}

/**
 * The deadline, one-line outage log and recovery probe of one storage mount. One shared interval
 * enforces the deadlines (to within its period) instead of a timer and a `Promise.race` per call,
 * which cost more than a read from an in-process driver.
 */
export function createStorageGuard(mount: string, options: StorageGuardOptions): StorageGuard {
  let outage: { since: number; lastProbe: number; probing: boolean; key: string } | undefined;
  const mine = new Set<{ deadline: number; fail: (error: unknown) => void }>();
  let watchedClient = false;
  const self: StorageGuard = {
    isDown: () => outage !== undefined,
    guard<T>(key: string, call: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const op = { deadline: Date.now() + TIMEOUT_MS, fail: reject };
        track(op);
        mine.add(op);
        let result: Promise<T>;
        try {
          result = call();
          watchClient(key);
        } catch (error) {
          result = Promise.reject(error);
        }
        const done = () => (inFlight.delete(op), mine.delete(op));
        result.then(
          (value) => (done(), resolve(value)),
          (error) => (done(), reject(error)),
        );
      });
    },
    reportOutage(key, error) {
      if (outage) return;
      outage = { since: Date.now(), lastProbe: Date.now(), probing: false, key };
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`[edgeplate] [${options.subsystem}] the \`${mount}\` storage failed (${reason}); ${options.whileDown} until it answers again.`);
      for (const op of mine) {
        inFlight.delete(op);
        op.fail(error);
      }
      mine.clear();
    },
    probe() {
      const current = outage;
      if (!current || current.probing || Date.now() - current.lastProbe < PROBE_INTERVAL_MS) return;
      current.probing = true;
      Promise.resolve()
        .then(() => self.guard(current.key, () => options.probe(current.key)))
        .then(
          () => {
            outage = undefined;
            console.error(
              `[edgeplate] [${options.subsystem}] the \`${mount}\` storage answers again after ${Math.round((Date.now() - current.since) / 1000)} s; ${options.whenBack}.`,
            );
          },
          () => {
            current.probing = false;
            current.lastProbe = Date.now();
          },
        );
    },
  };

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
      const client = options.client(key) as { on?: (name: string, fn: (error: unknown) => void) => void; listenerCount?: (name: string) => number } | undefined;
      if (typeof client?.on === "function" && client.listenerCount?.("error") === 0) client.on("error", (error) => self.reportOutage(key, error));
    } catch {
      // A driver without a client instance has nothing to watch.
    }
  }
  return self;
}

function track(op: { deadline: number; fail: (error: unknown) => void }): void {
  const now = Date.now();
  inFlight.add(op);
  // workerd drops a timer along with the request that set it: an interval that stopped ticking
  // belongs to a finished request, and this one starts its own.
  if (watchdog !== undefined && now - lastTick > WATCH_INTERVAL_MS * 4) stopWatchdog();
  if (watchdog === undefined) {
    lastTick = now;
    watchdog = setInterval(expireOverdue, WATCH_INTERVAL_MS);
  }
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
