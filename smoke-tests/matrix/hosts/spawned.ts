// A host cell whose runtime is a process serving HTTP on `PORT`: Node, Bun, Deno.
import { startServer, waitFor } from "../../../engine/test/helpers.ts";
import { serverCommand } from "../../layout-hosts.ts";
import type { RunningCell, StartCellOptions } from "./types.ts";

// Short polls: the wait is the cold-start figure, so a coarse poll would add up to its interval.
const POLL_MS = 5;
// Bun, Deno and workerd start slower on a busy 2-core CI machine.
const START_TIMEOUT_MS = 30_000;

/**
 * Spawns `platform`'s server for the output copied to `dir`, with `.data/` (fs storage, SQLite)
 * moved to `persistDir` through `EDGEPLATE_DATA_DIR`, and times spawn → first 200 from `readyPath`.
 */
export async function startSpawnedCell(platform: string, dir: string, { env, persistDir, readyPath }: StartCellOptions): Promise<RunningCell> {
  const { command, args, cwd, env: hostEnv } = serverCommand(platform, dir);
  const started = performance.now();
  const server = await startServer(command, args, {
    cwd,
    env: { ...hostEnv, EDGEPLATE_DATA_DIR: persistDir, ...env },
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: POLL_MS,
  });
  try {
    await waitFor(
      async () => {
        const res = await server.fetch(readyPath);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${readyPath} answered ${res.status}: ${body.slice(0, 200)}`);
      },
      START_TIMEOUT_MS,
      POLL_MS,
    );
  } catch (error) {
    await server.stop();
    throw new Error(`${platform}: ${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  const coldStartMs = performance.now() - started;
  return { url: server.url, fetch: server.fetch, coldStartMs, output: server.output, stop: async () => void (await server.stop()) };
}
