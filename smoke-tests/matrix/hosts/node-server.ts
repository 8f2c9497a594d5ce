// node-server: `node .output/server/index.mjs`, as its host runs it. The `data` mount and the
// SQLite database live under EDGEPLATE_DATA_DIR, pointed at persistDir so a restart finds them.
import { startServer, waitFor } from "../../../engine/test/helpers.ts";
import type { HostCell, RunningCell, StartCellOptions } from "./types.ts";

/** Spawns the Node output in `dir` and waits for the first 200 from `readyPath`; `env` is added to the options' env. */
export async function startNodeOutput(dir: string, { env, persistDir, readyPath }: StartCellOptions, extraEnv: Record<string, string> = {}): Promise<RunningCell> {
  const started = performance.now();
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { ...env, ...extraEnv, EDGEPLATE_DATA_DIR: persistDir }, timeoutMs: 30_000 });
  try {
    // startServer returns on the first HTTP answer of any status; the cell is up at the first 200.
    await waitFor(
      async () => {
        const res = await server.fetch(readyPath);
        await res.body?.cancel();
        if (res.status !== 200) throw new Error(`GET ${readyPath} answered ${res.status}`);
      },
      30_000,
      10,
    );
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`);
  }
  const coldStartMs = performance.now() - started;
  return { url: server.url, fetch: server.fetch, coldStartMs, output: server.output, stop: async () => void (await server.stop()) };
}

export default {
  runtime: `node ${process.version}`,
  start: (dir, options) => startNodeOutput(dir, options),
} satisfies HostCell;
