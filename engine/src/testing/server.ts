import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** `fetch` relative to a running server: `server.fetch("/api/hello")`. */
export type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  child: ChildProcess;
  fetch: Fetch;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process is gone. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export interface StartServerOptions {
  cwd: string;
  /** Added to this process's environment; `PORT` is set to a free port. */
  env?: Record<string, string>;
  /** How long the server may take to answer its first request (default 20 s). */
  timeoutMs?: number;
  /** How often to try it meanwhile (default 50 ms); shorter when the start itself is measured. */
  intervalMs?: number;
}

// A server that ignores the stop signal is killed after this long, so a test fails instead of hanging.
const KILL_AFTER_MS = 10_000;

/**
 * A free TCP port on 127.0.0.1, for a server a test starts itself.
 * @example
 * const port = await freePort();
 * spawn("node", [".output/server/index.mjs"], { env: { ...process.env, PORT: String(port) } });
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Retries `fn` until it stops throwing, or throws its last error once `timeoutMs` have passed.
 * @example
 * await waitFor(async () => expect((await fetch(url)).status).toBe(200), 5_000);
 */
export async function waitFor<T>(fn: () => Promise<T>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/**
 * Waits until `url` answers HTTP at all (any status: a 404 still means the server is up).
 * With `child`, fails at once when that process exits first, with its output.
 * @example
 * await waitForHttp("http://127.0.0.1:3000", { timeoutMs: 30_000 });
 */
export async function waitForHttp(url: string, options: { timeoutMs?: number; intervalMs?: number; child?: ChildProcess; output?: () => string } = {}): Promise<void> {
  const { child, output = () => "" } = options;
  await waitFor(
    async () => {
      if (child && child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output()}`);
      await fetch(url, { signal: AbortSignal.timeout(1000) });
    },
    options.timeoutMs ?? 20_000,
    options.intervalMs,
  );
}

/**
 * Spawns a command that serves HTTP on `PORT` and waits until it answers.
 * @example
 * const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
 * expect((await server.fetch("/api/hello")).status).toBe(200);
 * await server.stop();
 */
export async function startServer(command: string, args: string[], options: StartServerOptions): Promise<RunningServer> {
  const port = await freePort();
  let log = "";
  // Its own process group, so a server that hangs can be killed together with what it spawned.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, PORT: String(port), ...options.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const output = () => log;
  try {
    await waitForHttp(url, { child, output, timeoutMs: options.timeoutMs, intervalMs: options.intervalMs });
  } catch (error) {
    killGroup(child);
    throw error;
  }
  return { url, port, child, output, fetch: (path, init) => fetch(url + path, init), stop: (signal) => stopChild(child, signal) };
}

/**
 * The signal goes to the process alone: a preview forwards it to the server it runs, and a second
 * copy from the group would mean "stop now" to that server.
 */
function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => killGroup(child), KILL_AFTER_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill(signal);
  });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}
