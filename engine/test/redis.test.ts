import { spawn } from "node:child_process";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, freePort, removeDir, startServer, waitFor, type RunningServer } from "./helpers.ts";

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

describe.skipIf(!redisUrl)("node-cluster sharing a Redis cache", () => {
  let outDir: string;
  let server: RunningServer;

  afterAll(async () => {
    await server?.stop();
    if (outDir) removeDir(outDir);
  });

  // The contract's "run the handler once" holds per instance (docs/contract-changes.md): each
  // worker dedupes its own concurrent requests; two workers may each run a cold key once.
  it("runs a cold key's handler at most once per worker; the last write is what every worker serves next", async () => {
    const run = `edgeplate-test-${process.pid}-${Date.now().toString(36)}-cluster`;
    outDir = await buildAndCopy(fixture, {
      platform: "node-cluster",
      output: { dir: ".output-redis-cluster" },
      storage: { cache: { driver: "redis", url: redisUrl, base: `${run}:cache` } },
    });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { EDGEPLATE_CLUSTER_WORKERS: "2" } });
    const cold = () =>
      fetch(`${server.url}/cached/cold`, { headers: { connection: "close" } }).then(async (r) => ({
        cache: r.headers.get("x-cache"),
        ...((await r.json()) as { n: number; pid: number }),
      }));
    const first = await Promise.all(Array.from({ length: 20 }, cold));
    // Within a worker: one run (n is that worker's run count), one body for all its requests.
    expect(first.every((r) => r.n === 1)).toBe(true);
    const byPid = new Set(first.map((r) => r.pid));
    expect(byPid.size).toBeGreaterThanOrEqual(1);
    expect(byPid.size).toBeLessThanOrEqual(2);
    // Across workers: each may have run it once; afterwards one entry in Redis answers everyone.
    const later = await Promise.all(Array.from({ length: 10 }, cold));
    expect(later.every((r) => r.cache === "HIT")).toBe(true);
    expect(new Set(later.map((r) => r.pid)).size).toBe(1);
  });
});

describe.skipIf(!redisUrl)("a cache storage that comes back", () => {
  let outDir: string;
  let server: RunningServer;
  let proxy: Server | undefined;
  const sockets = new Set<Socket>();

  afterAll(async () => {
    await server?.stop();
    for (const socket of sockets) socket.destroy();
    proxy?.close();
    if (outDir) removeDir(outDir);
  });

  it("serves uncached while Redis is unreachable, then caches again once it answers", async () => {
    // The app talks to Redis through a port that refuses connections until the proxy opens.
    const port = await freePort();
    const target = new URL(redisUrl!);
    outDir = await buildAndCopy(fixture, {
      output: { dir: ".output-redis-recover" },
      storage: { cache: { driver: "redis", url: `redis://127.0.0.1:${port}`, base: `edgeplate-test-${process.pid}-recover` } },
    });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
    const get = async () => {
      const res = await fetch(`${server.url}/cached/count?k=recover`);
      return { cache: res.headers.get("x-cache"), n: ((await res.json()) as { n: number }).n };
    };
    expect(await get()).toEqual({ cache: "MISS", n: 1 });
    expect(await get()).toEqual({ cache: "MISS", n: 2 });

    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy!.listen(port, "127.0.0.1", resolve));
    const recovered = await waitFor(
      async () => {
        const res = await get();
        if (res.cache !== "HIT") throw new Error(`still ${res.cache}`);
        return res;
      },
      20_000,
      250,
    );
    expect(recovered.n).toBeGreaterThan(2);
    const log = server.output();
    expect(log.match(/the `cache` storage failed/g)).toHaveLength(1);
    expect(log.match(/the `cache` storage answers again/g)).toHaveLength(1);
  });
});

describe.skipIf(!redisUrl)("a `data` mount whose Redis goes down", () => {
  let outDir: string;
  let server: RunningServer;
  let redis: ReturnType<typeof spawn> | undefined;

  afterAll(async () => {
    await server?.stop();
    redis?.kill("SIGKILL");
    if (outDir) removeDir(outDir);
  });

  // A Redis of the test's own, so stopping it leaves the shared one alone.
  it("answers 503 within the deadline instead of queueing, and logs the outage and the recovery once", async () => {
    const port = await freePort();
    const startRedis = () => spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    redis = startRedis();
    outDir = await buildAndCopy(fixture, {
      output: { dir: ".output-redis-data-down" },
      storage: { data: { driver: "redis", url: `redis://127.0.0.1:${port}` } },
    });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
    const put = (value: unknown) => fetch(`${server.url}/data/down`, { method: "PUT", body: JSON.stringify(value) });
    await waitFor(async () => expect((await put(1)).status).toBe(200), 10_000, 100);

    redis.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await put(2);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: true, status: 503, message: expect.stringMatching(/`data` storage/) });
      expect(Date.now() - started).toBeLessThan(4000);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));

    redis = startRedis();
    await waitFor(async () => expect((await put(3)).status).toBe(200), 20_000, 250);
    const log = server.output();
    expect(log).not.toMatch(/Unhandled error event/);
    expect(log.match(/the `data` storage failed/g)).toHaveLength(1);
    expect(log.match(/the `data` storage answers again/g)).toHaveLength(1);
  }, 60_000);
});
