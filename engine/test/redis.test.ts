import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

// Two node-server processes whose `cache` and `data` mounts are the same Redis.
const fixture = join(import.meta.dirname, "fixtures/cache");
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log("[redis.test] SKIPPED the two-process Redis checks: REDIS_URL is not set (CI sets it; e.g. REDIS_URL=redis://127.0.0.1:6379).");

describe.skipIf(!redisUrl)("two processes sharing Redis", () => {
  let outDir: string;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    const run = `edgeplate-test-${process.pid}-${Date.now().toString(36)}`;
    outDir = await buildAndCopy(fixture, {
      output: { dir: ".output-redis" },
      storage: { cache: { driver: "redis", url: redisUrl, base: `${run}:cache` }, data: { driver: "redis", url: redisUrl, base: `${run}:data` } },
    });
    const start = () => startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
    [a, b] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (outDir) removeDir(outDir);
  });

  it("serves an entry cached by one process as a HIT on the other", async () => {
    const first = await fetch(`${a.url}/cached/count?k=shared`);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const body = await first.text();
    const second = await fetch(`${b.url}/cached/count?k=shared`);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(await second.text()).toBe(body);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await fetch(`${b.url}/cached/count?k=shared`, { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
  });

  it("shares route-rule and cached-function entries too", async () => {
    const rule = await (await fetch(`${a.url}/rules/page`)).json();
    const other = await fetch(`${b.url}/rules/page`);
    expect(other.headers.get("x-cache")).toBe("HIT");
    expect(await other.json()).toEqual(rule);
    const fn = async (server: RunningServer) => ((await (await fetch(`${server.url}/cached/fn?x=7`)).json()) as { results: unknown[] }).results[0];
    expect(await fn(a)).toEqual({ square: 49, run: 1 });
    // B's own counter would say run 1 too, so check that B never ran it: the entry came from Redis.
    expect(await fn(b)).toEqual({ square: 49, run: 1 });
    expect(await (await fetch(`${b.url}/state?name=fn-7`)).json()).toMatchObject({ count: 0 });
  });

  it("shares `data` values", async () => {
    await fetch(`${a.url}/data/greeting`, { method: "PUT", body: JSON.stringify({ hi: "from a" }) });
    expect(await (await fetch(`${b.url}/data/greeting`)).json()).toEqual({ value: { hi: "from a" } });
  });

  it("dedupes a cold key per process: at most one handler run in each", async () => {
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${(i % 2 ? a : b).url}/cached/slow`).then((r) => r.json())));
    const runs = (await Promise.all([a, b].map((s) => fetch(`${s.url}/state?name=slow`).then((r) => r.json())))).map((s) => s.count as number);
    expect(runs[0]! + runs[1]!).toBeGreaterThanOrEqual(1);
    expect(runs.every((n) => n <= 1)).toBe(true);
    expect(new Set(hits.map((h) => h.n)).size).toBeLessThanOrEqual(2);
  });
});
