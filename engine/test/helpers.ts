// The engine's tests use the public test helper (`edgeplate/testing`) from its sources, so the
// starters and the engine test with one implementation.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildAndCopy as buildAndCopyApp, freePort } from "../src/testing/index.ts";
import type { EdgeplateConfig } from "../src/types/config.ts";

export { freePort, startServer, waitFor, type RunningServer } from "../src/testing/index.ts";

/** Builds an app folder with config overrides and copies its output to an empty temp folder. */
export function buildAndCopy(rootDir: string, overrides: EdgeplateConfig = {}): Promise<string> {
  return buildAndCopyApp(rootDir, { overrides });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `vite dev` for an app folder on a free local port; `url` is its origin. */
export async function startViteDev(root: string, configFile?: string) {
  const { createServer } = await import("vite");
  const server = await createServer({
    root,
    ...(configFile && { configFile }),
    cacheDir: join(root, ".edgeplate/vite"),
    logLevel: "silent",
    server: { port: await freePort(), host: "127.0.0.1" },
  });
  await server.listen();
  return { server, url: new URL(server.resolvedUrls!.local[0]!).origin };
}
