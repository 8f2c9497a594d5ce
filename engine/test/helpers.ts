import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "../src/build/index.ts";
import type { EdgeplateConfig } from "../src/types/config.ts";

/** Builds an app folder and copies its `.output/` to an empty temp folder (no node_modules above it). */
export async function buildAndCopy(rootDir: string, overrides: EdgeplateConfig = {}): Promise<string> {
  await build({ rootDir, overrides });
  const dir = mkdtempSync(join(tmpdir(), "edgeplate-out-"));
  cpSync(join(rootDir, overrides.output?.dir ?? ".output"), join(dir, ".output"), { recursive: true });
  return dir;
}

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

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Spawns a command that serves on PORT and waits until it answers HTTP. */
export async function startServer(command: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<RunningServer> {
  const port = await freePort();
  let log = "";
  const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, PORT: String(port), ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log}`);
    await fetch(url, { signal: AbortSignal.timeout(1000) });
  }, 20_000);
  return {
    url,
    port,
    child,
    output: () => log,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** Retries `fn` until it stops throwing or the time runs out. */
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

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
