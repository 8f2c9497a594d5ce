import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltFixture } from "./harness.ts";

/** A running build output, reached the way its host would reach it. */
export interface Target {
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
}

/** Behaviours a host may not have; a platform names the ones it lacks and why. */
export type Capability = "server" | "env" | "routeRules" | "storage" | "cache" | "database" | "waitUntil";

export interface PlatformHarness {
  platform: string;
  fixture: BuiltFixture;
  /** The only per-platform part: how to get a fetch handler for the built output. */
  start: (ctx: { outDir: string; env: Record<string, string> }) => Promise<Target>;
  lacks?: Partial<Record<Capability, string>>;
}

const ENV = { EDGEPLATE_GREETING: "Howdy", EDGEPLATE_STORAGE_LIMITED_MAX: "2" };

/** The same checks for every platform (Nitro's `testNitro`, unstorage's `testDriver`). */
export function describeConformance(h: PlatformHarness): void {
  describe(`${h.platform}: conformance`, () => {
    let target: Target;
    beforeAll(async () => {
      target = await h.start({ outDir: h.fixture.outDir, env: ENV });
    });
    afterAll(() => target?.close());
    const get = (path: string, init?: RequestInit) => target.fetch(path, init);
    const check = (needs: Capability[], name: string, fn: () => Promise<void>) => {
      const reasons = needs.map((c) => h.lacks?.[c]).filter(Boolean);
      if (reasons.length > 0) it.skip(`${name} (skipped: ${reasons.join("; ")})`, fn);
      else it(name, fn);
    };

    check([], "serves a file of public/", async () => {
      const res = await get("/robots.txt");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("User-agent: *");
    });

    check([], "serves prerendered pages (listed, from a rule, and crawled)", async () => {
      for (const [path, text] of [
        ["/about", "<h1>About</h1>"],
        ["/prerendered", "built at"],
        ["/docs/intro", "Docs: intro"],
      ] as const) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-type"), path).toMatch(/text\/html/);
        expect(await res.text(), path).toContain(text);
      }
      const json = await get("/api/data.json");
      expect(await json.json()).toEqual({ items: [1, 2, 3] });
    });

    check(["server", "env"], "JSON route with runtime config overridden from env", async () => {
      const res = await get("/api/hello?name=smoke");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ message: "Howdy, smoke!" });
    });

    check(["server"], "sends content-type for string and object bodies", async () => {
      const text = await get("/api/text");
      expect(text.headers.get("content-type")).toMatch(/^text\/plain;\s*charset=utf-8/i);
      expect(await text.text()).toBe("plain text");
      const json = await get("/api/users/1");
      expect(json.headers.get("content-type")).toMatch(/^application\/json/);
      await json.arrayBuffer();
    });

    check(["server"], "route params", async () => {
      expect(await (await get("/api/users/42")).json()).toEqual({ id: "42" });
    });

    check(["server"], "POST JSON body", async () => {
      const res = await get("/api/echo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ hi: 1 }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ echo: { hi: 1 } });
    });

    check(["server"], "404 as the contract's JSON error", async () => {
      const res = await get("/no/such/route");
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: true, status: 404, statusText: "Not Found" });
    });

    check(["server", "routeRules"], "route rule headers", async () => {
      const res = await get("/api/users/1");
      expect(res.headers.get("x-fixture")).toBe("edgeplate");
    });

    check(["server", "routeRules"], "route rule redirects (plain and wildcard)", async () => {
      const plain = await get("/old", { redirect: "manual" });
      expect(plain.status).toBe(307);
      expect(new URL(plain.headers.get("location")!, "http://x").pathname).toBe("/api/hello");
      const wildcard = await get("/legacy/intro", { redirect: "manual" });
      expect(wildcard.status).toBe(308);
      expect(new URL(wildcard.headers.get("location")!, "http://x").pathname).toBe("/docs/intro");
    });

    check(["server"], "Node built-ins (`node:crypto`, bare `path`)", async () => {
      expect(await (await get("/api/node")).json()).toEqual({ sha1: "49d7e517", joined: "/a/b" });
    });

    check(["server", "waitUntil"], "the host's waitUntil reaches the request", async () => {
      expect(await (await get("/api/runtime")).json()).toEqual({ waitUntil: "function" });
    });

    check(["server", "storage"], "data storage round-trip", async () => {
      const put = await get("/api/kv/greeting", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ v: h.platform }) });
      expect(put.status).toBe(200);
      expect(await (await get("/api/kv/greeting")).json()).toEqual({ value: { v: h.platform } });
    });

    check(["server", "env", "storage"], "storage options from env (EDGEPLATE_STORAGE_<MOUNT>_<OPTION>), read when the mount is created", async () => {
      expect(await (await get("/api/limited")).json()).toEqual({ kept: 2 });
    });

    check(["server", "cache"], "defineCachedHandler: MISS then HIT with the same body", async () => {
      const first = await get("/api/cached");
      expect(first.status).toBe(200);
      expect(first.headers.get("x-cache")).toBe("MISS");
      const body = await first.json();
      const second = await get("/api/cached");
      expect(second.headers.get("x-cache")).toBe("HIT");
      expect(await second.json()).toEqual(body);
      expect(second.headers.get("etag")).toBeTruthy();
    });

    check(["server", "cache", "waitUntil"], "swr: expired entry served STALE, refreshed in the background", async () => {
      const first = await get("/api/swr");
      expect(first.headers.get("x-cache")).toBe("MISS");
      const { calls } = (await first.json()) as { calls: number };
      await new Promise((r) => setTimeout(r, 1100));
      const stale = await get("/api/swr");
      expect(stale.headers.get("x-cache")).toBe("STALE");
      expect(await stale.json()).toEqual({ calls });
      // The refresh ran after the stale response was sent (waitUntil): the next answer is the new value.
      await expect.poll(async () => (await (await get("/api/swr")).json()) as { calls: number }, { timeout: 3000, interval: 100 }).toEqual({ calls: calls + 1 });
    });

    check(["server", "cache"], "defineCachedFunction: invalidate() from a later request returns, and the next call recomputes", async () => {
      const path = `/api/cached-fn?key=${h.platform}-${Date.now()}`;
      const first = (await (await get(path)).json()) as { run: number };
      expect(await (await get(path)).json()).toEqual(first);
      // Once hung forever on workerd: it waited for the write of the request that cached the value.
      const invalidated = await answered(get(`${path}&invalidate`), `GET ${path}&invalidate`);
      expect(invalidated.status).toBe(200);
      expect(((await (await get(path)).json()) as { run: number }).run).toBeGreaterThan(first.run);
    });

    check(["server", "cache", "waitUntil"], "defineCachedFunction swr: the background refresh outlives its request", async () => {
      const path = `/api/cached-fn-swr?key=${h.platform}-${Date.now()}`;
      const { run } = (await (await get(path)).json()) as { run: number };
      await new Promise((r) => setTimeout(r, 1100));
      expect(await (await get(path)).json()).toMatchObject({ run });
      // On workerd the refresh was cut off with its request, and once the entry was past its
      // stale window every call waited on that dead refresh forever.
      await expect.poll(async () => ((await (await answered(get(path), `GET ${path}`)).json()) as { run: number }).run, { timeout: 4000, interval: 200 }).toBeGreaterThan(run);
    });

    check(["server", "database"], "useDatabase() answers queries", async () => {
      const first = (await (await get("/api/db")).json()) as { visits: number };
      const second = (await (await get("/api/db")).json()) as { visits: number };
      expect(second.visits).toBe(first.visits + 1);
    });
  });
}

/** A request that must answer; fails in seconds instead of at the test timeout when it hangs. */
async function answered(response: Promise<Response>, what: string, ms = 5000): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([response, hung]).finally(() => clearTimeout(timer));
}
