import { spawn } from "node:child_process";
import { freePort } from "edgeplate/testing";
import type { RunningCell } from "./types.ts";

export interface CellProcessOptions {
  cwd: string;
  /** Added to this process's environment; `PORT` is set to a free port. */
  env: Record<string, string>;
  readyPath: string;
  /** Spawn → first 200 from `readyPath` may take this long (default 60 s: Netlify builds the function first). */
  timeoutMs?: number;
}

// A host that ignores SIGTERM is killed after this long, so the matrix fails instead of hanging.
const KILL_AFTER_MS = 10_000;

/**
 * Spawns a host process that serves on `PORT` and resolves once `readyPath` answers 200. The cold
 * start is spawn → that 200, with each try allowed as long as the host needs (a Netlify function's
 * first call takes seconds), so no slow first answer is cut off and retried.
 */
export async function startCellProcess(command: string, args: string[], options: CellProcessOptions): Promise<RunningCell> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const started = performance.now();
  // Its own process group, so a hung host is killed together with what it spawned (workers).
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = "no answer yet";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`\`${args.join(" ")}\` exited (${child.exitCode ?? child.signalCode}) before ${options.readyPath} answered 200:\n${log}`);
    if (Date.now() > deadline) {
      killGroup();
      throw new Error(`${url}${options.readyPath} did not answer 200 within ${options.timeoutMs ?? 60_000} ms (last: ${last}):\n${log}`);
    }
    try {
      const res = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const coldStartMs = Math.round(performance.now() - started);
  return {
    url,
    coldStartMs,
    fetch: (path, init) => fetch(url + path, { redirect: "manual", ...init }),
    output: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(killGroup, KILL_AFTER_MS);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    },
  };
}
