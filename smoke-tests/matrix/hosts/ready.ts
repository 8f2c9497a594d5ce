// When a host cell counts as up: its first 200 from the starter's ready path. Shared by the cells
// that time their own start (spawned.ts for Bun and Deno, cloudflare.ts).
import { waitFor } from "../../../engine/test/helpers.ts";

// Short polls: the wait is the cold-start figure, so a coarse poll would add up to its interval.
export const POLL_MS = 5;
// Bun, Deno and workerd start slower on a busy 2-core CI machine.
export const START_TIMEOUT_MS = 30_000;

/** Resolves at the first 200 from `origin + readyPath`; throws the last status and body start after the timeout. */
export function waitForReady(origin: string, readyPath: string): Promise<void> {
  return waitFor(
    async () => {
      const res = await fetch(origin + readyPath);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${readyPath} answered ${res.status}: ${body.slice(0, 200)}`);
    },
    START_TIMEOUT_MS,
    POLL_MS,
  );
}
