import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, freePort, removeDir, startServer, waitFor } from "./helpers.ts";

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

  it("past EDGEPLATE_SHUTDOWN_TIMEOUT logs how many requests it cut off and exits 1", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { EDGEPLATE_SHUTDOWN_TIMEOUT: "0.3" } });
    const cut = [1, 2].map(() => fetch(`${server.url}/slow?ms=5000`).catch(() => "cut off"));
    await new Promise((r) => setTimeout(r, 150));
    expect(await server.stop("SIGTERM"), server.output()).toBe(1);
    expect(await Promise.all(cut)).toEqual(["cut off", "cut off"]);
    expect(server.output()).toMatch(/shutdown timeout .*: 2 request\(s\) cut off/);
  });

  it("a client that leaves mid-body is not a server error: no stack logged, no error hook, the server keeps answering", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { LOG_ERROR_HOOK: "1" } });
    const head = (extra: string) => `POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${extra}\r\n`;
    const leaves = [
      { send: head("content-length: 1000\r\n") + `{"a":`, end: "destroy" }, // closes mid-body
      { send: head("content-length: 1000\r\n") + `{"a":`, end: "reset" }, // resets mid-body
      { send: head("transfer-encoding: chunked\r\n") + "zz\r\nbad\r\n", end: "wait" }, // a bad chunk
    ] as const;
    for (const { send, end } of leaves) {
      await new Promise<void>((resolve) => {
        const socket = connect(server.port, "127.0.0.1", () => {
          socket.write(send);
          setTimeout(() => (end === "reset" ? socket.resetAndDestroy() : end === "destroy" ? socket.destroy() : undefined), 100);
        });
        socket.on("error", () => {});
        socket.on("close", () => resolve());
        if (end === "wait") setTimeout(() => socket.destroy(), 500);
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.url}/api/hello`)).status).toBe(200);
    await server.stop();
    expect(server.output()).not.toMatch(/unhandled error|Error: aborted|    at |\[error hook\]/);
  });

  it("listens on PORT, and logs where", async () => {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    expect((await fetch(`${server.url}/api/hello`)).status).toBe(200);
    expect(server.output()).toContain(`:${server.port}`);
    await server.stop();
  });

  it("listens on EDGEPLATE_PORT over PORT", async () => {
    const [port, other] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { ...process.env, PORT: String(other), EDGEPLATE_PORT: String(port) }, stdio: "ignore" });
    try {
      await waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/api/hello`)).status).toBe(200));
      await expect(fetch(`http://127.0.0.1:${other}/api/hello`)).rejects.toThrow();
    } finally {
      child.kill();
    }
  });
});

describe("build flags", () => {
  it("--minify --sourcemap: a minified output with source maps, that runs from a copy", async () => {
    // Inside the repo so the fixture's `edgeplate` imports resolve.
    const app = join(import.meta.dirname, ".tmp", `flags-${process.pid}`);
    cpSync(fixture, app, { recursive: true });
    const out = mkdtempSync(join(tmpdir(), "edgeplate-flags-"));
    dirs.push(out);
    try {
      // Without the test runner's variables, so the CLI logs the way it does for a user.
      const { VITEST: _v, TEST: _t, NODE_ENV: _n, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...env } = process.env;
      const bin = join(import.meta.dirname, "../bin/edgeplate.mjs");
      const res = spawnSync(process.execPath, [bin, "build", ".", "--minify", "--sourcemap"], { cwd: app, encoding: "utf8", env });
      const log = res.stdout + res.stderr;
      expect(res.status, log).toBe(0);
      expect(log).not.toMatch(/sourcemap is likely to be incorrect/i);
      expect(log).toMatch(/Output: server [\d.]+ kB \([\d.]+ kB gzip\) in \d+ files, public [\d.]+ k?B in \d+ files/);
      const entry = readFileSync(join(app, ".output/server/index.mjs"), "utf8");
      expect(entry).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Minified: a few long lines, not the readable multi-thousand-line bundle.
      expect(entry.split("\n").length).toBeLessThan(40);
      const map = JSON.parse(readFileSync(join(app, ".output/server/index.mjs.map"), "utf8")) as { sources: string[] };
      expect(map.sources.some((s) => s.endsWith("runtime/internal/app.js"))).toBe(true);
      cpSync(join(app, ".output"), join(out, ".output"), { recursive: true });
      expect(existsSync(join(out, "node_modules"))).toBe(false);
      const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
      expect(await (await fetch(`${server.url}/api/hello`)).json()).toBeTruthy();
      await server.stop();
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
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
    // A worker stopped from outside (exit code 0) is replaced while the primary is not shutting down.
    const killed = [...pids][0]!;
    process.kill(killed, "SIGTERM");
    // It finishes what it already accepted, so sample only once it is gone.
    await waitFor(async () => {
      if (isRunning(killed)) throw new Error(`worker ${killed} still running`);
    }, 15_000);
    const fresh = new Set<number>();
    await waitFor(async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.url}/pid`, { headers: { connection: "close" } }).then((r) => r.json())));
      for (const r of results) fresh.add(r.pid);
      if ([...fresh].filter((pid) => pid !== killed).length < 2) throw new Error(`only ${fresh.size} worker answered`);
    }, 15_000);
    expect(fresh.has(killed)).toBe(false);
    const inflight = fetch(`${server.url}/slow?ms=500`).then((r) => r.status);
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.stop("SIGTERM");
    expect(await inflight).toBe(200);
    expect(await exited).toBe(0);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
