// The engine's tests use the public test helper (`edgeplate/testing`) from its sources, so the
// starters and the engine test with one implementation.
import { rmSync } from "node:fs";
import { buildAndCopy as buildAndCopyApp } from "../src/testing/index.ts";
import type { EdgeplateConfig } from "../src/types/config.ts";

export { freePort, startServer, waitFor, type RunningServer } from "../src/testing/index.ts";

/** Builds an app folder with config overrides and copies its output to an empty temp folder. */
export function buildAndCopy(rootDir: string, overrides: EdgeplateConfig = {}): Promise<string> {
  return buildAndCopyApp(rootDir, { overrides });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
