import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../engine/test/helpers.ts";
import { findBun } from "../platforms/bun/binary.ts";
import { DENO_FLAGS, findDeno } from "../platforms/deno/deno.ts";
import { useBuiltFixture } from "./harness.ts";

const BODY = 5 * 1024 * 1024;

/**
 * A client that keeps sending: writes a `BODY`-byte body over the 1 MB limit as fast as the socket
 * takes it, whatever the server answers meanwhile, and reads what comes back. The body declares its
 * length in `content-length`, or is sent `chunked` (the server only finds it too large by counting).
 * Resolves with the status it read, or the socket error it got instead.
 */
function sendTooLarge(port: number, framing: "content-length" | "chunked"): Promise<{ status?: number; error?: string }> {
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
      const length = framing === "chunked" ? "transfer-encoding: chunked" : `content-length: ${BODY}`;
      // `connection: close`: the answer is read to the end of the connection, whatever the host keeps alive.
      socket.write(`POST /api/echo HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const frame = framing === "chunked" ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
      for (let sent = 0; sent < BODY && !socket.destroyed; sent += chunk.length) {
        if (!socket.write(frame)) await new Promise((r) => (socket.once("drain", r), socket.once("close", r)));
      }
      if (framing === "chunked" && !socket.destroyed) socket.write("0\r\n\r\n");
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

    for (const framing of ["content-length", "chunked"] as const) {
      it(`is answered 413 to a client still sending it (${framing}), which reads the answer (no EPIPE/ECONNRESET)`, async () => {
        const results = [];
        for (let i = 0; i < 12; i++) results.push(await sendTooLarge(server.port, framing));
        expect(results).toEqual(Array.from({ length: 12 }, () => ({ status: 413 })));
        // The server is still there for the next client.
        expect((await server.fetch("/api/hello")).status).toBe(200);
      });
    }
  });
}
