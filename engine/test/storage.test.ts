import { existsSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";
import { storageSuite } from "./storage-suite.ts";

const fixture = join(import.meta.dirname, "fixtures/storage");
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log("[storage.test] SKIPPED the Redis storage suite: REDIS_URL is not set (CI sets it; e.g. REDIS_URL=redis://127.0.0.1:6379).");

/** Builds the fixture into its own output dir, copies it away and serves it; `restart` reuses the folder. */
function serveFixture(outputDir: string, overrides: Parameters<typeof buildAndCopy>[1] = {}, env: Record<string, string> = {}) {
  const state: { dir?: string; server?: RunningServer } = {};
  const start = async () => {
    state.server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: state.dir!, env });
  };
  beforeAll(async () => {
    state.dir = await buildAndCopy(fixture, { ...overrides, output: { dir: outputDir } });
    await start();
  });
  afterAll(async () => {
    await state.server?.stop();
    if (state.dir) removeDir(state.dir);
  });
  return {
    dir: () => state.dir!,
    server: () => state.server!,
    restart: async () => {
      await state.server!.stop();
      await start();
    },
  };
}

describe("default node-server mounts", () => {
  const app = serveFixture(".output-storage");
  storageSuite("data (fs-lite under .data/kv)", { ...app, mount: "data", persistent: true });
  storageSuite("memory mount", { ...app, mount: "mem", persistent: false });

  it("bounds the default `cache` mount, dropping the least recently used entries", async () => {
    const res = await fetch(`${app.server().url}/cache-bound?n=10050`, { method: "POST" });
    expect(await res.json()).toEqual({ keys: 10_000, first: false, last: true });
  });

  it("writes `data` under .data/kv in the working directory", () => {
    expect(existsSync(join(app.dir(), ".data/kv"))).toBe(true);
  });
});

describe.skipIf(!redisUrl)("redis driver, its url from EDGEPLATE_STORAGE_DATA_URL at run time (REDIS_URL)", () => {
  // Database 7: a driver that missed the variable would use database 0 of the same server, so a
  // key found in 7 came through it. `url: ""` in the config: the environment must supply it.
  const url = `${redisUrl?.replace(/\/\d*$/, "")}/7`;
  const base = `edgeplate-test-${process.pid}`;
  const app = serveFixture(".output-storage-redis", { storage: { data: { driver: "redis", url: "", base } } }, { EDGEPLATE_STORAGE_DATA_URL: url });
  storageSuite("data on redis", { ...app, mount: "data", persistent: true });

  it("writes through the url the server was given", async () => {
    const put = await fetch(`${app.server().url}/kv/from-env?base=data`, { method: "PUT", body: JSON.stringify({ via: "env" }) });
    expect(put.status).toBe(200);
    const redis = new Redis(url);
    try {
      expect(JSON.parse((await redis.get(`${base}:from-env`)) ?? "null")).toEqual({ via: "env" });
      await redis.del(`${base}:from-env`);
    } finally {
      redis.disconnect();
    }
  });

  it("without the variable, fails with the one line that names it", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: app.dir() });
    try {
      expect((await fetch(`${server.url}/kv/x?base=data`)).status).toBe(500);
      // Only that mount fails: the default cache mount still stores and reads.
      expect((await fetch(`${server.url}/kv/y?base=cache`, { method: "PUT", body: JSON.stringify({ ok: 1 }) })).status).toBe(200);
      expect(await (await fetch(`${server.url}/kv/y?base=cache`)).json()).toEqual({ value: { ok: 1 } });
      expect(server.output()).toContain(
        "[edgeplate] [storage] storage mount `data` has no `url`. Set `EDGEPLATE_STORAGE_DATA_URL` where the server runs (or give the option a value in edgeplate.config.ts).",
      );
    } finally {
      await server.stop();
    }
  });
});

describe("driver errors at build time", () => {
  const buildWith = (driver: string) => build({ rootDir: fixture, overrides: { output: { dir: ".output-storage-bad" }, storage: { extra: { driver } } } });

  it("names the package to install when a driver's package is missing", async () => {
    const error = (await buildWith("mongodb").catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/`mongodb`.*is not installed\. Run `npm install mongodb`/);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("suggests the closest driver for an unknown name", async () => {
    const error = (await buildWith("redsi").catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/unknown storage driver `redsi`\. Did you mean `redis`\?/);
  });
});

describe("server assets mounts", () => {
  // `templates/` is a named serverAssets entry; the fixture's own `assets/` stays at `assets:server`.
  const app = serveFixture(".output-storage-assets", { serverAssets: [{ dir: "templates", name: "templates" }] });
  const kv = async (key: string, base = "", op?: string) => {
    const query = new URLSearchParams({ base, ...(op ? { op } : {}) });
    return (await fetch(`${app.server().url}/kv/${key}?${query}`)).json();
  };

  it("mounts a named entry at `assets:<name>`", async () => {
    expect(await kv("t.txt", "assets:templates")).toEqual({ value: "hello template\n" });
    expect(await kv("mail:welcome.txt", "assets:templates")).toEqual({ value: "welcome\n" });
    expect(await kv("assets:templates:t.txt", "", "has")).toEqual({ has: true });
    expect(await kv("server:templates:t.txt", "assets")).toEqual({ value: null });
  });

  it("keeps the app's `assets/` alone at `assets:server`", async () => {
    expect(await kv("app.txt", "assets:server")).toEqual({ value: "app asset\n" });
    expect(await kv("assets:server", "", "keys")).toEqual({ keys: ["assets:server:app.txt"] });
  });

  it("lists every mount's assets under `assets`", async () => {
    expect(await kv("assets:templates", "", "keys")).toEqual({ keys: ["assets:templates:mail:welcome.txt", "assets:templates:t.txt"] });
    expect(await kv("assets", "", "keys")).toEqual({ keys: ["assets:server:app.txt", "assets:templates:mail:welcome.txt", "assets:templates:t.txt"] });
  });
});
