let hostWaitUntil: ((promise: Promise<unknown>) => void) | undefined;

/**
 * For platform entries: the host's request-free `waitUntil` (workerd's, from `cloudflare:workers`).
 * workerd cancels a request's unfinished work once it has answered, and a cached function has no
 * event for `event.req.waitUntil`: its background refresh and write were cut off, and the next
 * call for that key waited on them forever.
 */
export function setWaitUntil(waitUntil: typeof hostWaitUntil): void {
  hostWaitUntil = waitUntil;
}

/** ocache's `waitUntil` for cached functions; outside any request there is nothing to extend. */
export function keepAlive(promise: Promise<unknown>): void {
  try {
    hostWaitUntil?.(promise);
  } catch {}
}
