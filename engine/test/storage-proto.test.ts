import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/storage-proto");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

// The route stores this as JSON.parse makes it: `__proto__` and `constructor` as own keys.
const stored = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"name":"ada"}`;

describe("a stored value with a `__proto__` key", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await buildAndCopy(fixture, { storage: { mem: { driver: "memory" }, red: { driver: "redis", url: redisUrl, base: `proto-${process.pid}` } } });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeDir(dir);
  });

  for (const mount of ["data", "mem", "red"]) {
    it(`is read back whole, 100 times without a warning (${mount})`, async () => {
      const put = await server.fetch(`/proto?base=${mount}`, { method: "PUT", headers: { "content-type": "text/plain" }, body: stored });
      expect(put.status).toBe(200);
      const before = server.output().length;
      for (let i = 0; i < 100; i++) {
        const res = await server.fetch(`/proto?base=${mount}`);
        // The key is kept as data; the object's prototype and everyone else's are untouched.
        expect(await res.json()).toEqual({ keys: ["__proto__", "constructor", "name"], proto: { polluted: true }, polluted: false });
      }
      expect(server.output().slice(before)).not.toMatch(/destr|prototype pollution/i);
    });
  }
});
