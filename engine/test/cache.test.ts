import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { H3Event } from "h3";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";
import { requestKey } from "../src/runtime/cache/key.ts";

// defineCachedHandler / defineCachedFunction / cache route rules against the built node-server output.
const fixture = join(import.meta.dirname, "fixtures/cache");
let outDir: string;
let server: RunningServer;

beforeAll(async () => {
  outDir = await buildAndCopy(fixture, { output: { dir: ".output-cache" } });
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
});

afterAll(async () => {
  await server?.stop();
  if (outDir) removeDir(outDir);
});

const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);
const json = async (path: string, init?: RequestInit) => {
  const res = await get(path, init);
  return { res, body: (await res.json()) as Record<string, unknown> };
};
const ranCount = async (name: string) => (await json(`/state?name=${name}`)).body.count as number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("defineCachedHandler", () => {
  it("answers MISS then HIT with the same body, etag and cache headers", async () => {
    const first = await get("/cached/count?k=hit");
    const firstBody = await first.text();
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("etag")).toMatch(/^W\/".+"$/);
    expect(first.headers.get("cache-control")).toBe("max-age=60, s-maxage=60");
    expect(new Date(first.headers.get("last-modified")!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const second = await get("/cached/count?k=hit");
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("last-modified")).toBe(first.headers.get("last-modified"));
  });

  it("answers a matching If-None-Match with an empty 304", async () => {
    const etag = (await get("/cached/count?k=304")).headers.get("etag")!;
    const res = await get("/cached/count?k=304", { headers: { "if-none-match": etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("etag")).toBe(etag);
    expect((await get("/cached/count?k=304", { headers: { "if-none-match": 'W/"other"' } })).status).toBe(200);
  });

  it("runs the handler once for 20 concurrent requests on a cold key", async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => json("/cached/slow")));
    expect(new Set(responses.map((r) => r.body.n))).toEqual(new Set([1]));
    expect(await ranCount("slow")).toBe(1);
  });

  it("keys on the sorted query string, and only on allowQuery names when given", async () => {
    const a = (await json("/cached/count?x=1&y=2")).body;
    expect((await json("/cached/count?y=2&x=1")).body).toEqual(a);
    const other = (await json("/cached/count?x=2&y=2")).body;
    expect(other.n).not.toBe(a.n);
    const allowed = (await json("/cached/allow?q=1&utm=a")).body;
    expect(allowed.search).toBe("?q=1");
    expect((await json("/cached/allow?utm=b&q=1")).body).toEqual(allowed);
    expect((await json("/cached/allow?q=2")).body.n).not.toBe(allowed.n);
  });

  it("keeps the order of a repeated query name's values in the key", async () => {
    // `getAll("sort")` answers differently for these two, so they must not share an entry.
    const priceFirst = (await json("/cached/count?sort=price&sort=date")).body;
    const dateFirst = (await json("/cached/count?sort=date&sort=price")).body;
    expect(dateFirst.n).not.toBe(priceFirst.n);
    expect(dateFirst.query).toBe("?sort=date&sort=price");
    // Names are still sorted around the repeated ones.
    expect((await json("/cached/count?sort=price&a=1&sort=date")).body.n).toBe((await json("/cached/count?a=1&sort=price&sort=date")).body.n);
    const allowed = (await json("/cached/allow?q=2&utm=a&q=1")).body;
    expect((await json("/cached/allow?q=1&q=2")).body.n).not.toBe(allowed.n);
  });

  it("keys single-valued queries as before and a repeated name's values in request order", () => {
    const event = (url: string) => ({ url: new URL(url), req: new Request(url, { headers: { "x-lang": "en" } }) }) as unknown as H3Event;
    expect(requestKey(event("http://x/p"), undefined, undefined)).toBe("/p");
    expect(requestKey(event("http://x/p?b=2&a=1&c"), undefined, undefined)).toBe("/p?a=1&b=2&c=");
    expect(requestKey(event("http://x/p?b=2&a=1&utm=z"), ["a", "b"], ["x-lang"])).toBe("/p?a=1&b=2|x-lang=en");
    expect(requestKey(event("http://x/p?b=2&a=1"), false, undefined)).toBe("/p");
    expect(requestKey(event("http://x/p?s=b&z=1&s=a"), undefined, undefined)).toBe("/p?s=b&s=a&z=1");
  });

  it("keys on the varies headers and keeps other credentials from the handler", async () => {
    const en = (await json("/cached/varies", { headers: { "x-lang": "en", authorization: "Bearer secret" } })).body;
    expect(en).toMatchObject({ lang: "en", auth: null });
    expect((await json("/cached/varies", { headers: { "x-lang": "en" } })).body.n).toBe(en.n);
    const fr = (await json("/cached/varies", { headers: { "x-lang": "fr" } })).body;
    expect(fr).toMatchObject({ lang: "fr" });
    expect(fr.n).not.toBe(en.n);
  });

  it("honours shouldBypassCache and a custom getKey", async () => {
    expect((await json("/cached/bypass")).res.headers.get("x-cache")).toBe("MISS");
    expect((await json("/cached/bypass")).res.headers.get("x-cache")).toBe("HIT");
    const bypassed = await json("/cached/bypass?nocache");
    expect(bypassed.res.headers.get("x-cache")).toBeNull();
    expect(bypassed.body.n).toBe(2);
    const keyed = (await json("/cached/keyed?id=1&page=a")).body;
    expect((await json("/cached/keyed?id=1&page=b")).body).toEqual(keyed);
    expect((await json("/cached/keyed?id=2")).body.n).toBe(2);
  });

  it("never stores POST responses", async () => {
    const a = await json("/cached/any", { method: "POST" });
    const b = await json("/cached/any", { method: "POST" });
    expect([a.body.n, b.body.n]).toEqual([1, 2]);
    expect(a.res.headers.get("x-cache")).toBeNull();
  });

  it("never stores 4xx, 5xx or thrown errors", async () => {
    expect((await json("/cached/status?code=404")).body.n).toBe(1);
    expect((await json("/cached/status?code=404")).body.n).toBe(2);
    const first = await get("/cached/throws");
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ error: true, status: 503, message: "down 1" });
    expect((await get("/cached/throws")).status).toBe(503);
    expect((await get("/cached/throws?crash")).status).toBe(500);
    expect(await ranCount("throws")).toBe(3);
  });

  it("never stores responses with set-cookie, but the client still gets its cookie", async () => {
    const a = await get("/cached/cookie");
    expect(a.headers.get("set-cookie")).toBe("session=s1; Path=/; HttpOnly");
    const b = await get("/cached/cookie");
    expect(b.headers.get("set-cookie")).toBe("session=s2; Path=/; HttpOnly");
    expect(await b.json()).toEqual({ n: 2 });
    expect(b.headers.get("x-edgeplate-no-store")).toBeNull();
  });

  it("never stores cache-control: private responses", async () => {
    const a = await get("/cached/private");
    expect(a.headers.get("cache-control")).toBe("private, max-age=60");
    expect(await a.json()).toEqual({ n: 1 });
    expect(await (await get("/cached/private")).json()).toEqual({ n: 2 });
  });
});

describe("stale-while-revalidate", () => {
  it("serves STALE at once, refreshes once in the background, keeps stale when a refresh throws, waits past staleMaxAge", async () => {
    // maxAge 1, swr, staleMaxAge 2; the handler sleeps 300 ms.
    expect((await json("/cached/swr")).res.headers.get("x-cache")).toBe("MISS");
    await sleep(1100);
    const started = performance.now();
    const stale = await json("/cached/swr");
    expect(performance.now() - started).toBeLessThan(300);
    expect(stale.res.headers.get("x-cache")).toBe("STALE");
    expect(stale.res.headers.get("cache-control")).toBe("max-age=1, s-maxage=1, stale-while-revalidate=2");
    expect(stale.body.n).toBe(1);
    await sleep(400);
    const fresh = await json("/cached/swr");
    expect(fresh.res.headers.get("x-cache")).toBe("HIT");
    expect(fresh.body.n).toBe(2);

    // A refresh that throws keeps the stale value and logs the error.
    await get("/state?fail=1");
    await sleep(1100);
    for (let i = 0; i < 3; i++) {
      const res = await json("/cached/swr");
      expect(res.res.headers.get("x-cache")).toBe("STALE");
      expect(res.body.n).toBe(2);
      await sleep(350);
    }
    expect(server.output()).toContain("refresh failed on purpose");
    await get("/state?fail=0");

    // Past maxAge + staleMaxAge the request waits for the handler.
    await sleep(3200);
    const waited = performance.now();
    const expired = await json("/cached/swr");
    expect(performance.now() - waited).toBeGreaterThanOrEqual(290);
    expect(expired.res.headers.get("x-cache")).toBe("MISS");
    expect(expired.body.n).toBe(3);
  });

  it("without swr, an expired entry makes the request wait", async () => {
    expect((await json("/cached/wait")).body.n).toBe(1);
    await sleep(1100);
    const started = performance.now();
    const res = await json("/cached/wait");
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body.n).toBe(2);
    expect(res.res.headers.get("x-cache")).toBe("MISS");
  });
});

describe("stale-if-error without swr", () => {
  // The cache's log lines for a route's failed refreshes (each prints the error once more as its `cause`).
  const failures = (route: string) => server.output().match(new RegExp(`is still served: HTTPError: ${route} refresh \\d+ failed on purpose`, "g"))?.length ?? 0;

  it("serves the expired entry as STALE while its refresh throws, logs each failure once, errors past maxAge + staleMaxAge", async () => {
    // maxAge 1, staleMaxAge 2, no swr.
    const first = await json("/cached/flaky");
    expect([first.res.headers.get("x-cache"), first.body.n]).toEqual(["MISS", 1]);
    await get("/state?failWith=503");
    try {
      await sleep(1100);
      const stale = await json("/cached/flaky");
      expect(stale.res.status).toBe(200);
      expect([stale.res.headers.get("x-cache"), stale.body.n]).toEqual(["STALE", 1]);
      expect(stale.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
      // The entry outlives the failed refresh (ocache would have evicted it): still served.
      const again = await Promise.all(Array.from({ length: 5 }, () => json("/cached/flaky")));
      expect(again.map((r) => [r.res.headers.get("x-cache"), r.body.n])).toEqual(Array.from({ length: 5 }, () => ["STALE", 1]));
      // One log line per refresh that failed, not per request that got the stale entry.
      await expect.poll(() => failures("flaky")).toBe((await ranCount("flaky")) - 1);
      // …and nothing else printed them (a request that shared a refresh once had it logged again).
      expect(server.output().match(/HTTPError: flaky refresh \d+/g)).toHaveLength(failures("flaky"));
      expect(await ranCount("flaky")).toBeLessThan(1 + 1 + 5);

      await sleep(2100);
      const expired = await get("/cached/flaky");
      expect(expired.status).toBe(503);
      expect(await expired.json()).toMatchObject({ status: 503, message: expect.stringMatching(/flaky refresh \d+ failed on purpose/) });
    } finally {
      await get("/state?failWith=0");
    }
    const fresh = await json("/cached/flaky");
    expect(fresh.res.headers.get("x-cache")).toBe("MISS");
    expect(fresh.body.n).toBe(await ranCount("flaky"));
  });

  it("without staleMaxAge, serves an expired entry of any age; a thrown 4xx drops it instead", async () => {
    const first = await json("/cached/flaky-any");
    expect(first.res.headers.get("x-cache")).toBe("MISS");
    await get("/state?failWith=500");
    try {
      await sleep(2200);
      const stale = await json("/cached/flaky-any");
      expect([stale.res.headers.get("x-cache"), stale.body.n]).toEqual(["STALE", first.body.n]);
      expect(failures("flaky-any")).toBe(1);
      // 408 and 429 are outages too.
      for (const status of [408, 429]) {
        await get(`/state?failWith=${status}`);
        expect((await json("/cached/flaky-any")).res.headers.get("x-cache")).toBe("STALE");
      }
      // A 404 is the handler's answer (the resource is gone): it reaches the client, the entry goes.
      await get("/state?failWith=404");
      expect((await get("/cached/flaky-any")).status).toBe(404);
      await get("/state?failWith=503");
      expect((await get("/cached/flaky-any")).status).toBe(503);
    } finally {
      await get("/state?failWith=0");
    }
  });
});

describe("defineCachedFunction", () => {
  it("caches by arguments, dedupes concurrent calls and invalidates", async () => {
    expect((await json("/cached/fn?x=3")).body.results).toEqual([
      { square: 9, run: 1 },
      { square: 9, run: 1 },
      { square: 9, run: 1 },
    ]);
    expect((await json("/cached/fn?x=3")).body.results).toEqual([
      { square: 9, run: 1 },
      { square: 9, run: 1 },
      { square: 9, run: 1 },
    ]);
    expect(((await json("/cached/fn?x=4")).body.results as unknown[])[0]).toEqual({ square: 16, run: 1 });
    expect(((await json("/cached/fn?x=3&invalidate")).body.results as unknown[])[0]).toEqual({ square: 9, run: 2 });
  });

  it("invalidate() during a computation: that computation's value is not stored, and later calls do not join it", async () => {
    const inFlight = json("/cached/fn-slow?x=5");
    await sleep(100);
    const started = performance.now();
    expect((await json("/cached/fn-slow?x=5&invalidate")).body).toEqual({ invalidated: 5 });
    expect(performance.now() - started).toBeLessThan(150);
    const after = json("/cached/fn-slow?x=5");
    // Its own caller still gets the value it waited for.
    expect((await inFlight).body).toEqual({ square: 25, run: 1 });
    expect((await after).body).toEqual({ square: 25, run: 2 });
    expect((await json("/cached/fn-slow?x=5")).body).toEqual({ square: 25, run: 2 });
  });

  describe("stale-if-error without swr", () => {
    // maxAge 1, staleMaxAge 2, no swr; each request makes three concurrent calls for one key.
    const failures = () => server.output().match(/is still served: HTTPError: fn-flaky refresh \d+ failed on purpose/g)?.length ?? 0;
    const results = async (x: number) => {
      const res = await get(`/cached/fn-flaky?x=${x}`);
      return { status: res.status, body: (await res.json()) as { results?: unknown[]; message?: string } };
    };
    const stale = (x: number, run: number) => ({ status: 200, body: { results: Array.from({ length: 3 }, () => ({ square: x * x, run })) } });

    it("returns the expired value while its recompute throws, logs each failure once, throws past maxAge + staleMaxAge", async () => {
      expect(await results(2)).toEqual(stale(2, 1));
      await get("/state?failWith=503");
      try {
        await sleep(1100);
        const before = failures();
        expect(await results(2)).toEqual(stale(2, 1));
        // One recompute for the three calls, logged once.
        expect(await ranCount("fn-flaky-2")).toBe(2);
        await expect.poll(failures).toBe(before + 1);
        // The entry outlives the failed recompute (ocache would have evicted it).
        expect(await results(2)).toEqual(stale(2, 1));
        await expect.poll(failures).toBe(before + 2);

        await sleep(2100);
        const expired = await results(2);
        expect(expired.status).toBe(503);
        expect(expired.body.message).toMatch(/fn-flaky refresh \d+ failed on purpose/);
      } finally {
        await get("/state?failWith=0");
      }
      expect(await results(2)).toEqual(stale(2, await ranCount("fn-flaky-2")));
    });

    it("a thrown 4xx other than 408/429 is the function's answer: it propagates and the entry goes", async () => {
      expect(await results(3)).toEqual(stale(3, 1));
      await sleep(1100);
      try {
        await get("/state?failWith=404");
        expect((await results(3)).status).toBe(404);
        await get("/state?failWith=503");
        expect((await results(3)).status).toBe(503);
      } finally {
        await get("/state?failWith=0");
      }
    });
  });
});

describe("cache route rules", () => {
  it("caches a route under `cache: { maxAge }` and leaves `cache: false` alone", async () => {
    const a = await json("/rules/page");
    expect(a.res.headers.get("x-cache")).toBe("MISS");
    const b = await json("/rules/page");
    expect(b.res.headers.get("x-cache")).toBe("HIT");
    expect(b.body).toEqual(a.body);
    const etag = b.res.headers.get("etag")!;
    expect((await get("/rules/page", { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await json("/rules/off")).body.n).toBe(1);
    const off = await json("/rules/off");
    expect(off.body.n).toBe(2);
    expect(off.res.headers.get("x-cache")).toBeNull();
  });

  it("runs the app's middleware before a cache rule, on misses and hits", async () => {
    expect((await get("/rules/private")).status).toBe(401);
    const token = { headers: { "x-token": "s3cret" } };
    const miss = await json("/rules/private", token);
    expect([miss.res.status, miss.res.headers.get("x-cache")]).toEqual([200, "MISS"]);
    const hit = await json("/rules/private", token);
    expect([hit.res.headers.get("x-cache"), hit.body]).toEqual(["HIT", miss.body]);
    expect(hit.res.headers.get("x-seen-by-middleware")).toBe("1");
    // The cached entry is there, and still only reachable through the middleware.
    const denied = await get("/rules/private");
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ status: 401, message: "A token is required" });
  });

  it("serves `swr: seconds` stale while refreshing", async () => {
    expect((await json("/rules/swr")).body.n).toBe(1);
    await sleep(1100);
    const started = performance.now();
    const stale = await json("/rules/swr");
    expect(performance.now() - started).toBeLessThan(300);
    expect(stale.res.headers.get("x-cache")).toBe("STALE");
    expect(stale.body.n).toBe(1);
    await sleep(400);
    expect((await json("/rules/swr")).body.n).toBe(2);
  });
});

describe.skipIf(!process.env.REDIS_URL)("defineCachedFunction stale-if-error on a store that honours TTLs (Redis)", () => {
  it("keeps a non-swr entry past maxAge, for maxAge + staleMaxAge", async () => {
    const run = `edgeplate-test-${process.pid}-${Date.now().toString(36)}-fn-stale`;
    const dir = await buildAndCopy(fixture, { output: { dir: ".output-cache-fn-redis" }, storage: { cache: { driver: "redis", url: process.env.REDIS_URL, base: run } } });
    const redis = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    try {
      const call = async () => {
        const res = await fetch(`${redis.url}/cached/fn-flaky?x=7`);
        return [res.status, ((await res.json()) as { results?: { run: number }[] }).results?.[0]?.run];
      };
      expect(await call()).toEqual([200, 1]);
      await fetch(`${redis.url}/state?failWith=503`);
      // Stored with ocache's 1 s TTL, the entry was gone from Redis by the time the recompute failed.
      await sleep(1600);
      expect(await call()).toEqual([200, 1]);
    } finally {
      await redis.stop();
      removeDir(dir);
    }
  });
});
