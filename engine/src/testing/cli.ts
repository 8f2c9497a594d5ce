import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { engineDir } from "../build/paths.ts";
import { buildAndCopy, type BuildAndCopyOptions } from "./output.ts";
import { startServer, type RunningServer } from "./server.ts";

// The CLI of the engine this helper belongs to, never one that happens to be on PATH.
const BIN = join(engineDir, "bin/edgeplate.mjs");
// workerd and Vite start slower than a Node server, more so on a busy CI machine.
const START_TIMEOUT_MS = 60_000;

export interface StartOptions {
  /** Added to the environment (`EDGEPLATE_*` runtime config, secrets). */
  env?: Record<string, string>;
}

export interface BuiltServer extends RunningServer {
  /** The temp folder holding the copied output; `stop()` removes it. */
  dir: string;
}

/**
 * Runs a build the way its host would, through `edgeplate preview` and the platform's own preview
 * (`node` for node-server, workerd via miniflare for Cloudflare, the function behind a static
 * file server for Netlify and Vercel, …), on a free port of 127.0.0.1.
 * @example
 * const server = await startPreview(await buildAndCopy(root, { platform: "cloudflare" }));
 * expect((await server.fetch("/api/hello")).status).toBe(200);
 * await server.stop();
 */
export function startPreview(dir: string, options: StartOptions = {}): Promise<RunningServer> {
  return startServer(process.execPath, [BIN, "preview", "."], { cwd: resolve(dir), env: { HOST: "127.0.0.1", ...options.env }, timeoutMs: START_TIMEOUT_MS });
}

/**
 * Builds an app for a platform, copies the output away from every `node_modules` and runs it with
 * `startPreview`. `stop()` stops it and removes the copy.
 * @example
 * const server = await startBuilt(root, { platform: "node-server" });
 * const res = await server.fetch("/api/notes", { method: "POST", body: "{}" });
 * await server.stop();
 */
export async function startBuilt(rootDir: string, options: BuildAndCopyOptions & StartOptions = {}): Promise<BuiltServer> {
  const dir = await buildAndCopy(rootDir, options);
  let server: RunningServer;
  try {
    server = await startPreview(dir, options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = async (signal?: NodeJS.Signals) => {
    const code = await server.stop(signal);
    rmSync(dir, { recursive: true, force: true });
    return code;
  };
  return { ...server, dir, stop };
}

/**
 * Runs `edgeplate dev` for an app folder on a free port of 127.0.0.1 and waits until it answers.
 * @example
 * const dev = await startDev("starters/minimal");
 * expect(await (await dev.fetch("/api/hello")).json()).toEqual({ message: "Hello, world!" });
 * await dev.stop();
 */
export function startDev(rootDir: string, options: StartOptions = {}): Promise<RunningServer> {
  // The port is startServer's free one, passed as PORT (which `edgeplate dev` reads).
  return startServer(process.execPath, [BIN, "dev", ".", "--host", "127.0.0.1"], { cwd: resolve(rootDir), env: options.env, timeoutMs: START_TIMEOUT_MS });
}
