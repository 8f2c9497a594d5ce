// How often a cached handler reads the `cache` store: once per request, a MISS included (the hit
// path hands what it read to ocache instead of ocache reading the key again).
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

let outDir: string;
let server: RunningServer;

beforeAll(async () => {
  outDir = await buildAndCopy(join(import.meta.dirname, "fixtures/cache-reads"));
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
});

afterAll(async () => {
  await server?.stop();
  if (outDir) removeDir(outDir);
});

const reads = async () => ((await (await fetch(`${server.url}/reads`)).json()) as { count: number }).count;

it("reads the store once for a MISS and once for a HIT", async () => {
  const before = await reads();
  const miss = await fetch(`${server.url}/cached?k=1`);
  expect(miss.headers.get("x-cache")).toBe("MISS");
  expect(await reads()).toBe(before + 1);
  const hit = await fetch(`${server.url}/cached?k=1`);
  expect(hit.headers.get("x-cache")).toBe("HIT");
  expect(await reads()).toBe(before + 2);
});
