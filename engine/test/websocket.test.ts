import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { startBuilt } from "../src/testing/index.ts";
import { checkWebSockets } from "./websocket-suite.ts";
import { openSocket, type TestSocket } from "./ws-client.ts";

const fixture = join(import.meta.dirname, "fixtures/websocket");
const stops: (() => Promise<unknown>)[] = [];
afterAll(() => Promise.all(stops.map((stop) => stop())));

describe("WebSocket routes (websocket: true)", () => {
  for (const platform of ["node-server", "node-cluster", "bun", "deno", "cloudflare"]) {
    it(`${platform}: echo, broadcast, a refused upgrade, and misbehaving clients`, async () => {
      const server = await startBuilt(fixture, { platform, env: platform === "node-cluster" ? { EDGEPLATE_CLUSTER_WORKERS: "1" } : {} });
      stops.push(() => server.stop());
      await checkWebSockets(server.url, (path) => server.fetch(path), { pubsub: platform !== "cloudflare" });
    }, 120_000);
  }
});

describe("WebSockets on node-cluster with two workers", () => {
  it("peers land on both workers, and `publish` reaches the peers of the sender's worker only", async () => {
    const server = await startBuilt(fixture, { platform: "node-cluster", env: { EDGEPLATE_CLUSTER_WORKERS: "2" } });
    stops.push(() => server.stop());
    const url = `${server.url.replace(/^http/, "ws")}/worker-room`;
    // One at a time, so the primary's round-robin hands them to both workers; until both took some
    // (the second worker may still be starting when the server first answers).
    const peers: { socket: TestSocket; pid: string }[] = [];
    const deadline = Date.now() + 30_000;
    while ((peers.length < 6 || new Set(peers.map((p) => p.pid)).size < 2) && Date.now() < deadline) {
      const socket = await openSocket(url);
      peers.push({ socket, pid: (await socket.next()).replace("pid:", "") });
      if (peers.length >= 6 && new Set(peers.map((p) => p.pid)).size < 2) await new Promise((r) => setTimeout(r, 200));
    }
    const [sender, ...others] = peers;
    expect(new Set(peers.map((p) => p.pid)).size, `workers of ${peers.length} peers: ${peers.map((p) => p.pid).join(" ")}`).toBe(2);
    sender!.socket.send("hello worker");
    expect(await sender!.socket.next()).toBe("sent:hello worker");
    const heard = await Promise.all(
      others.map((p) =>
        p.socket.next(1_500).then(
          () => true,
          () => false,
        ),
      ),
    );
    expect(heard).toEqual(others.map((p) => p.pid === sender!.pid));
    for (const { socket } of peers) socket.close();
  }, 120_000);
});

describe("WebSocket routes on hosts without WebSockets", () => {
  for (const platform of ["netlify", "vercel", "static", "service-worker"]) {
    it(`${platform}: the build fails with one line naming the route file`, async () => {
      const error = await build({ rootDir: fixture, overrides: { platform } }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toContain("`routes/chat.ts:4:16` defines a WebSocket route, but platform `" + platform + "` has no WebSockets.");
    });
  }
  it("without `websocket: true` the build says to add it", async () => {
    const error = (await build({ rootDir: fixture, overrides: { platform: "node-server", websocket: false } }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("[edgeplate] [websocket] `routes/chat.ts:4:16` defines a WebSocket route, but WebSockets are off. Add `websocket: true` to the config.");
  });
});
