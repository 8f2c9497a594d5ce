// Build an app with its own installed CLI, and run the copied output the way each host does.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { createMiniflare } from "@edgeplate/platform-cloudflare/miniflare";
import { startServer } from "../engine/test/helpers.ts";
import { findBun } from "../platforms/bun/binary.ts";
import { findDeno } from "../platforms/deno/deno.ts";
import type { Target } from "./conformance.ts";

const exec = promisify(execFile);

export interface RunningOutput extends Target {
  /** What the server (or workerd) logged so far. */
  output: () => string;
}

/**
 * `edgeplate build --platform <p>` through the `edgeplate` the app itself resolves (what its users
 * run), then `.output/` copied to an empty temp folder, away from every node_modules.
 * @returns the copy; a failed build throws with the CLI's one-line error first (and its `stderr`).
 */
export async function buildWithAppCli(app: string, platform: string): Promise<string> {
  const cli = join(dirname(createRequire(join(app, "package.json")).resolve("edgeplate/package.json")), "bin/edgeplate.mjs");
  try {
    await exec(process.execPath, [cli, "build", "--platform", platform], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw Object.assign(new Error(`edgeplate build --platform ${platform} failed: ${stderr.trim().split("\n")[0]}\n${stdout}${stderr}`), { stderr });
  }
  const out = mkdtempSync(join(tmpdir(), `edgeplate-layout-${platform}-`));
  cpSync(join(app, ".output"), join(out, ".output"), { recursive: true, verbatimSymlinks: true });
  return out;
}

/** Starts a copied output: node, the real Bun and Deno binaries, workerd through Miniflare. */
export async function startOutput(platform: string, outDir: string, env: Record<string, string>): Promise<RunningOutput> {
  if (platform === "cloudflare") return startWorker(outDir, env);
  const { command, args, cwd, env: hostEnv } = serverCommand(platform, outDir);
  const server = await startServer(command, args, { cwd, env: { ...hostEnv, ...env } });
  return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()), output: server.output };
}

export interface ServerCommand {
  command: string;
  args: string[];
  cwd: string;
  /** What the host's process needs in its environment besides the app's. */
  env: Record<string, string>;
}

/** How each host starts the server of an output copied to `outDir` (`PORT` set by the caller). */
export function serverCommand(platform: string, outDir: string): ServerCommand {
  const entry = [".output/server/index.mjs"];
  if (platform === "node-server") return { command: process.execPath, args: entry, cwd: outDir, env: {} };
  // Without node_modules Bun installs a missing import from the registry at run time (ioredis@6 and
  // lru-cache once stood in for ones the bundle lacked): off, so only what the output holds runs.
  if (platform === "bun") return { command: findBun(), args: ["--no-install", ...entry], cwd: outDir, env: {} };
  if (platform !== "deno") throw new Error(`no way to start platform \`${platform}\` here`);
  // The `start` task of .output/deno.json, run directly so stopping it stops Deno.
  const [, ...args] = (JSON.parse(readFileSync(join(outDir, ".output/deno.json"), "utf8")) as { tasks: { start: string } }).tasks.start.split(" ");
  return { command: findDeno(), args, cwd: join(outDir, ".output"), env: { DENO_NO_UPDATE_CHECK: "1" } };
}

async function startWorker(outDir: string, vars: Record<string, string>): Promise<RunningOutput> {
  let log = "";
  const collect = (stream: Readable) => stream.on("data", (d: Buffer) => (log += d));
  const persistDir = mkdtempSync(join(tmpdir(), "edgeplate-layout-cf-"));
  const mf = createMiniflare({ serverDir: join(outDir, ".output/server"), persistDir, vars, handleRuntimeStdio: (out: Readable, err: Readable) => (collect(out), collect(err)) });
  await mf.ready;
  return {
    fetch: async (path, init) => (await mf.dispatchFetch(`https://example.com${path}`, init as never)) as unknown as Response,
    close: async () => {
      await mf.dispose();
      rmSync(persistDir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
