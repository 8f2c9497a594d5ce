import { describe, expect, it, vi } from "vitest";
import { drainRefusedBodies } from "../src/runtime/internal/drain.ts";
import { trackInflight } from "../src/runtime/internal/shutdown.ts";

// shutdown.ts reaches the app (built from generated modules) only when a shutdown runs its hook.
vi.mock("../src/runtime/internal/app.ts", () => ({ useApp: () => ({}) }));

// The wrappers every long-running host entry (node-server, node-cluster, bun, deno) puts around
// the app's fetch. srvx writes a response it gets synchronously in the same turn, so a wrapper that
// turned every answer into a promise cost each request its promise steps.
const serve = (fetch: (request: Request) => Response | Promise<Response>) => trackInflight(drainRefusedBodies(fetch));

describe("the host entries' fetch wrappers", () => {
  it("pass a synchronous answer on synchronously", () => {
    const answer = new Response("hi");
    expect(serve(() => answer)(new Request("http://x/"))).toBe(answer);
  });

  it("pass an asynchronous answer on, and a thrown error", async () => {
    const answer = new Response("later");
    expect(await serve(async () => answer)(new Request("http://x/"))).toBe(answer);
    expect(() =>
      serve(() => {
        throw new Error("sync failure");
      })(new Request("http://x/")),
    ).toThrow("sync failure");
    await expect(serve(async () => Promise.reject(new Error("async failure")))(new Request("http://x/"))).rejects.toThrow("async failure");
  });

  it("read a refused body to its end before the 413 goes out", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > 3) controller.close();
        else controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    const answer = await serve(() => new Response("too large", { status: 413 }))(request);
    expect(answer.status).toBe(413);
    expect(pulled).toBe(4);
  });
});
