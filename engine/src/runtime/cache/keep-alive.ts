type WaitUntil = (promise: Promise<unknown>) => void;

let hostWaitUntil: WaitUntil | undefined;

/**
 * For platform entries (`edgeplate/platform`): the host's `waitUntil` that needs no request at
 * hand, such as workerd's `waitUntil` from `cloudflare:workers` (it binds to the request running
 * when it is called). workerd cancels a request's unfinished work once it has answered; a cached
 * function gets no event to reach `event.req.waitUntil`, so without this its background refresh
 * and its write were cut off, and the next call for that key waited on them forever.
 */
export function setWaitUntil(waitUntil: WaitUntil | undefined): void {
  hostWaitUntil = waitUntil;
}

/** Keeps `promise` running after the response where the host would cut it off; elsewhere it runs on anyway. */
export function keepAlive(promise: Promise<unknown>): void {
  if (!hostWaitUntil) return;
  try {
    hostWaitUntil(promise);
  } catch {
    // Called outside any request (e.g. at startup): nothing to extend, and nothing to cancel it.
  }
}
