import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../engine/test/helpers.ts";
import { findBun } from "../platforms/bun/binary.ts";
import { DENO_FLAGS, findDeno } from "../platforms/deno/deno.ts";
import { useBuiltFixture } from "./harness.ts";

const BODY = 5 * 1024 * 1024;

/**
 * A client that keeps sending: writes a `BODY`-byte body (declared in `content-length`, over the
 * 1 MB limit) as fast as the socket takes it, whatever the server answers meanwhile, and reads
 * what comes back. Resolves with the status it read, or the socket error it got instead.
 */
function sendTooLarge(port: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let error: string | undefined;
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (received += d));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on("close", () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve(status ? { status: Number(status) } : { error: error ?? "closed without an answer" });
    });
    socket.on("connect", async () => {
      socket.write(`POST /api/echo HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${BODY}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < BODY && !socket.destroyed; sent += chunk.length) {
        if (!socket.write(chunk)) await new Promise((r) => (socket.once("drain", r), socket.once("close", r)));
      }
      // A server that never closes is a failure too, not a hang.
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
  });
}

const hosts: { platform: string; start: (outDir: string) => Promise<RunningServer> }[] = [
  { platform: "node-server", start: (outDir) => startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir }) },
  {
    platform: "node-cluster",
    start: (outDir) => startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { EDGEPLATE_CLUSTER_WORKERS: "2" } }),
  },
  { platform: "bun", start: (outDir) => startServer(findBun(), ["--no-install", ".output/server/index.mjs"], { cwd: outDir }) },
  {
    platform: "deno",
    start: (outDir) => startServer(findDeno(), ["run", ...DENO_FLAGS, "./server/index.mjs"], { cwd: join(outDir, ".output"), env: { DENO_NO_UPDATE_CHECK: "1" } }),
  },
];

for (const host of hosts) {
  describe(`${host.platform}: a body over the limit`, () => {
    const fixture = useBuiltFixture(host.platform);
    let server: RunningServer;
    beforeAll(async () => {
      server = await host.start(fixture.outDir);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("is answered 413 to a client still sending it, which reads the answer (no EPIPE/ECONNRESET)", async () => {
      const results = [];
      for (let i = 0; i < 12; i++) results.push(await sendTooLarge(server.port));
      expect(results).toEqual(Array.from({ length: 12 }, () => ({ status: 413 })));
      // The server is still there for the next client.
      expect((await server.fetch("/api/hello")).status).toBe(200);
    });
  });
}
