import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, freePort, removeDir, startServer, type RunningServer } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/cache");
const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function serve(dir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env });
  cleanup.push(() => server.stop());
  return server;
}

describe("a failing cache storage", () => {
  it("serves every request uncached and logs the outage once", async () => {
    // A Redis URL on a port nobody listens on.
    const closedPort = await freePort();
    const dir = await buildAndCopy(fixture, { output: { dir: ".output-cache-down" }, storage: { cache: { driver: "redis", url: `redis://127.0.0.1:${closedPort}` } } });
    cleanup.push(() => removeDir(dir));
    const server = await serve(dir);
    for (let i = 1; i <= 6; i++) {
      const res = await fetch(`${server.url}/cached/count?k=down`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache")).toBe("MISS");
      expect(await res.json()).toMatchObject({ n: i });
    }
    const rule = await fetch(`${server.url}/rules/page`);
    expect(rule.status).toBe(200);
    expect((await fetch(`${server.url}/cached/fn?x=2`)).status).toBe(200);
    const log = server.output();
    expect(log.match(/\[edgeplate\] \[cache\] the `cache` storage failed/g)).toHaveLength(1);
    expect(log).not.toContain("[ioredis] Unhandled error event");
    expect(log).not.toMatch(/unhandled error/i);
  });
});

describe("integrity across builds", () => {
  it("drops entries of a handler whose code changed, keeps those of unchanged handlers", async () => {
    // A private copy of the fixture whose route we can edit, inside the repo so `edgeplate` resolves.
    const tmp = join(import.meta.dirname, ".tmp");
    mkdirSync(tmp, { recursive: true });
    const app = mkdtempSync(join(tmp, "integrity-"));
    cleanup.push(() => removeDir(app));
    cpSync(fixture, app, { recursive: true, filter: (src) => !/[\\/]\.output/.test(src) });
    const dataDir = join(app, "shared-data");
    // A persistent cache, so entries outlive the process and the build.
    const overrides = { storage: { cache: { driver: "fs-lite", base: ".data/cache" } } };
    const writeRoute = (version: string) =>
      writeFileSync(
        join(app, "routes/cached/versioned.ts"),
        `import { defineCachedHandler } from "edgeplate/cache";\nexport default defineCachedHandler(() => ({ version: ${JSON.stringify(version)}, at: Date.now() }), { maxAge: 600 });\n`,
      );
    const get = async (server: RunningServer, path: string) => {
      const res = await fetch(server.url + path);
      return { cache: res.headers.get("x-cache"), body: await res.json() };
    };

    writeRoute("one");
    const first = await buildAndCopy(app, overrides);
    cleanup.push(() => removeDir(first));
    let server = await serve(first, { EDGEPLATE_DATA_DIR: dataDir });
    const v1 = await get(server, "/cached/versioned");
    const count = await get(server, "/cached/count?k=integrity");
    const rule = await get(server, "/rules/page");
    expect([v1.cache, count.cache, rule.cache]).toEqual(["MISS", "MISS", "MISS"]);
    await server.stop();

    // Same build, new process: everything is still cached on disk.
    server = await serve(first, { EDGEPLATE_DATA_DIR: dataDir });
    expect(await get(server, "/cached/versioned")).toEqual({ cache: "HIT", body: v1.body });
    await server.stop();

    // New code for one handler: its old entry is never served; untouched handlers keep theirs,
    // and route-rule entries (keyed on the bundle's hash) start over.
    writeRoute("two");
    const second = await buildAndCopy(app, overrides);
    cleanup.push(() => removeDir(second));
    server = await serve(second, { EDGEPLATE_DATA_DIR: dataDir });
    const v2 = await get(server, "/cached/versioned");
    expect(v2.cache).toBe("MISS");
    expect(v2.body.version).toBe("two");
    expect(await get(server, "/cached/count?k=integrity")).toEqual({ cache: "HIT", body: count.body });
    expect((await get(server, "/rules/page")).cache).toBe("MISS");
  });
});

describe.skipIf(!process.env.REDIS_URL)("stale-if-error on a store that honours TTLs (Redis)", () => {
  it("keeps a non-swr entry past maxAge: for maxAge + staleMaxAge, or without a TTL when staleMaxAge is unset", async () => {
    const run = `edgeplate-test-${process.pid}-${Date.now().toString(36)}-stale`;
    const dir = await buildAndCopy(fixture, { output: { dir: ".output-cache-stale-redis" }, storage: { cache: { driver: "redis", url: process.env.REDIS_URL, base: run } } });
    cleanup.push(() => removeDir(dir));
    const server = await serve(dir);
    const get = async (path: string) => {
      const res = await fetch(server.url + path);
      return [res.status, res.headers.get("x-cache")];
    };
    // `flaky`: maxAge 1, staleMaxAge 2; `flaky-any`: maxAge 1. Stored with a 1 s TTL, both were
    // gone from Redis by the time their refresh failed.
    expect([await get("/cached/flaky"), await get("/cached/flaky-any")]).toEqual([
      [200, "MISS"],
      [200, "MISS"],
    ]);
    await fetch(`${server.url}/state?failWith=503`);
    await new Promise((r) => setTimeout(r, 1600));
    expect([await get("/cached/flaky"), await get("/cached/flaky-any")]).toEqual([
      [200, "STALE"],
      [200, "STALE"],
    ]);
  });
});
