// node-server: `node .output/server/index.mjs`, as its host runs it. The `data` mount and the
// SQLite database live under EDGEPLATE_DATA_DIR, pointed at persistDir so a restart finds them.
import { startServer } from "../../../engine/test/helpers.ts";
import { POLL_MS, START_TIMEOUT_MS, waitForReady } from "./ready.ts";
import type { HostCell, RunningCell, StartCellOptions } from "./types.ts";

/**
 * Spawns the Node output copied to `dir` and times spawn → first 200 from `readyPath` (the same
 * short polls as the other cells); `extraEnv` is what a variant of the platform adds (node-cluster).
 */
export async function startNodeOutput(dir: string, { env, persistDir, readyPath }: StartCellOptions, extraEnv: Record<string, string> = {}): Promise<RunningCell> {
  const started = performance.now();
  const server = await startServer(process.execPath, [".output/server/index.mjs"], {
    cwd: dir,
    env: { ...extraEnv, EDGEPLATE_DATA_DIR: persistDir, ...env },
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: POLL_MS,
  });
  try {
    // startServer returns on the first HTTP answer of any status; the cell is up at the first 200.
    await waitForReady(server.url, readyPath);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  const coldStartMs = performance.now() - started;
  return { url: server.url, fetch: server.fetch, coldStartMs, output: server.output, stop: async () => void (await server.stop()) };
}

export default {
  runtime: `node ${process.version}`,
  start: (dir, options) => startNodeOutput(dir, options),
} satisfies HostCell;
