import { useApp } from "./app.ts";

/** What a host entry knows and the shared shutdown order does not. */
export interface ShutdownHost {
  /** Registers `shutdown` for the host's stop signals (SIGTERM/SIGINT or what the OS has instead). */
  onSignal(shutdown: () => void): void;
  /** Stops accepting connections; settles once the in-flight requests have been answered. */
  close(): Promise<unknown>;
  exit(code: number): void;
  /** EDGEPLATE_SHUTDOWN_TIMEOUT as the host reads its env: seconds in-flight requests get (default 10). */
  timeout: string | undefined;
}

let inflight = 0;

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * Wraps the `fetch` a server entry serves, so a shutdown past its timeout can say how many
 * requests it cuts off. A response the app made synchronously stays synchronous: srvx then writes
 * it in the same turn, without the promise steps an `async` wrapper would add to every request.
 */
export function trackInflight(fetch: Fetch): Fetch {
  // `then` with both arms, not `finally`: `finally` makes two more promises per request.
  const answered = (response: Response) => (inflight--, response);
  const failed = (error: unknown) => {
    inflight--;
    throw error;
  };
  return (request) => {
    inflight++;
    let response: Response | Promise<Response>;
    try {
      response = fetch(request);
    } catch (error) {
      inflight--;
      throw error;
    }
    if (!(response instanceof Promise)) {
      inflight--;
      return response;
    }
    return response.then(answered, failed);
  };
}

/**
 * Graceful shutdown for long-running servers: on a stop signal the server closes, then the app's
 * `close` hook runs (so it never tears down what a request still uses), then the process exits 0 —
 * or 1, with one line saying how many requests were cut off, when the timeout passed first.
 */
export function handleShutdownSignals(host: ShutdownHost): void {
  const seconds = Number(host.timeout || 10);
  let closing = false;
  host.onSignal(async () => {
    // Hosts keep delivering signals (Ctrl+C twice, a supervisor's repeated SIGTERM): one shutdown only.
    if (closing) return;
    closing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([host.close().then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), seconds * 1000)))]);
    clearTimeout(timer);
    // Counted before the close hook, which may take a while and must not change what is reported.
    const cutOff = inflight;
    if (timedOut) console.error(`[edgeplate] shutdown timeout (EDGEPLATE_SHUTDOWN_TIMEOUT=${seconds}s) passed: ${cutOff} request(s) cut off`);
    await useApp().hooks.callHook("close");
    host.exit(timedOut ? 1 : 0);
  });
}
