import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { HostCell, RunningCell } from "./types.ts";

/**
 * What the smoke fixture's route rules (`/old` redirect, `/api/**` headers) must do through a host's
 * own router, plus one API route through its function. Throws on the first difference.
 */
export async function checkFixtureRouting(cell: RunningCell): Promise<void> {
  const redirect = await cell.fetch("/old");
  expect(redirect.status, "/old redirects").toBe(307);
  expect(new URL(redirect.headers.get("location") ?? "", cell.url).pathname, "/old's location").toBe("/api/hello");
  // A prerendered file: its header comes from the host's header rules, not from the function.
  const file = await cell.fetch("/api/data.json");
  expect(file.status, "/api/data.json").toBe(200);
  expect(file.headers.get("x-fixture"), "/api/data.json's rule header").toBe("edgeplate");
  const api = await cell.fetch("/api/hello");
  expect(api.status, "/api/hello").toBe(200);
  expect(await api.json(), "/api/hello's body").toEqual({ message: "Hello, world!" });
}

/** A copy of a built output (links kept, as Vercel's ISR functions are links), removed by `remove`. */
export function copyOutput(outDir: string, edit: (dir: string) => void = () => {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "edgeplate-cell-"));
  cpSync(outDir, dir, { recursive: true, verbatimSymlinks: true });
  edit(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A runner of `fn` against `host` started on a copy of `outDir()` (edited first by `edit`), stopped
 * and removed afterwards; a failure carries the host's output.
 */
export function cellRunner(host: HostCell, outDir: () => string, persistDir: string, readyPath = "/api/hello") {
  return async (fn: (cell: RunningCell) => Promise<void>, edit?: (dir: string) => void): Promise<void> => {
    const copy = copyOutput(outDir(), edit);
    const cell = await host.start(copy.dir, { env: {}, persistDir, readyPath });
    try {
      await fn(cell);
    } catch (error) {
      throw Object.assign(error as Error, { message: `${(error as Error).message}\n--- host output ---\n${cell.output()}` });
    } finally {
      await cell.stop();
      copy.remove();
    }
  };
}
