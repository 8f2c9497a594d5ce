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

/**
 * Graceful shutdown for long-running servers: on a stop signal the server closes, then the app's
 * `close` hook runs (so it never tears down what a request still uses), then the process exits 0.
 */
export function handleShutdownSignals(host: ShutdownHost): void {
  const timeoutMs = Number(host.timeout || 10) * 1000;
  let closing = false;
  host.onSignal(async () => {
    // Hosts keep delivering signals (Ctrl+C twice, a supervisor's repeated SIGTERM): one shutdown only.
    if (closing) return;
    closing = true;
    // Past the timeout, exiting cuts off whatever requests are left.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([host.close(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    await useApp().hooks.callHook("close");
    host.exit(0);
  });
}
