import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, waitFor } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/core");
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe("node-server", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await buildAndCopy(fixture, { output: { dir: ".output-node" } });
    dirs.push(dir);
  });

  it("finishes in-flight requests on SIGTERM, then exits 0", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    const inflight = fetch(`${server.url}/slow?ms=600`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.stop("SIGTERM");
    expect(await inflight).toEqual({ status: 200, body: { waited: 600 } });
    expect(await exited).toBe(0);
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("listens on EDGEPLATE_PORT over PORT", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    expect((await fetch(`${server.url}/api/hello`)).status).toBe(200);
    expect(server.output()).toContain(`:${server.port}`);
    await server.stop();
  });
});

describe("node-cluster", () => {
  it("serves from EDGEPLATE_CLUSTER_WORKERS workers and shuts down gracefully", async () => {
    const dir = await buildAndCopy(fixture, { platform: "node-cluster", output: { dir: ".output-cluster" } });
    dirs.push(dir);
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { EDGEPLATE_CLUSTER_WORKERS: "2" } });
    const pids = new Set<number>();
    await waitFor(async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.url}/pid`, { headers: { connection: "close" } }).then((r) => r.json())));
      for (const r of results) pids.add(r.pid);
      if (pids.size < 2) throw new Error(`only ${pids.size} worker answered`);
    }, 15_000);
    expect(pids.size).toBe(2);
    expect(pids.has(server.child.pid!)).toBe(false);
    const inflight = fetch(`${server.url}/slow?ms=500`).then((r) => r.status);
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.stop("SIGTERM");
    expect(await inflight).toBe(200);
    expect(await exited).toBe(0);
  });
});
