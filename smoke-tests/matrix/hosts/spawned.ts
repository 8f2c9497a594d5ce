// A host cell whose runtime is a process serving HTTP on `PORT`: Node (server and cluster), Bun, Deno.
import { startServer } from "../../../engine/test/helpers.ts";
import { serverCommand } from "../../layout-hosts.ts";
import { POLL_MS, START_TIMEOUT_MS, waitForReady } from "./ready.ts";
import type { RunningCell, StartCellOptions } from "./types.ts";

/**
 * Spawns `platform`'s server for the output copied to `dir`, with `.data/` (fs storage, SQLite)
 * moved to `persistDir` through `EDGEPLATE_DATA_DIR`, and times spawn → first 200 from `readyPath`.
 * `extraEnv` is what a variant of the platform adds (node-cluster's worker count).
 */
export async function startSpawnedCell(
  platform: string,
  dir: string,
  { env, persistDir, readyPath }: StartCellOptions,
  extraEnv: Record<string, string> = {},
): Promise<RunningCell> {
  const { command, args, cwd, env: hostEnv } = serverCommand(platform, dir);
  const started = performance.now();
  const server = await startServer(command, args, {
    cwd,
    env: { ...hostEnv, ...extraEnv, EDGEPLATE_DATA_DIR: persistDir, ...env },
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: POLL_MS,
  });
  try {
    await waitForReady(server.url, readyPath);
  } catch (error) {
    await server.stop();
    throw new Error(`${platform}: ${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  const coldStartMs = performance.now() - started;
  return { url: server.url, fetch: server.fetch, coldStartMs, output: server.output, stop: async () => void (await server.stop()) };
}
