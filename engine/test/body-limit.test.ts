// `maxBodySize` on a real socket: by the declared length when there is one (the request stays
// srvx's own, see runtime/internal/body-limit.ts), byte-exact for chunked bodies.
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

const LIMIT = 2000; // fixtures/body-limit/edgeplate.config.ts
let outDir: string;
let server: RunningServer;

beforeAll(async () => {
  outDir = await buildAndCopy(join(import.meta.dirname, "fixtures/body-limit"));
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
});

afterAll(async () => {
  await server?.stop();
  if (outDir) removeDir(outDir);
});

/** A POST whose body is written in `chunks` (no content-length: chunked) or in one piece with its length. */
function post(path: string, chunks: string[], { chunked = false } = {}): Promise<{ status: number; body: any }> {
  const body = chunks.join("");
  const headers: Record<string, string | number> = { "content-type": "application/json" };
  if (!chunked) headers["content-length"] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    // The server may answer 413 and close before the rest is written.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const json = (size: number) => JSON.stringify({ s: "a".repeat(size - 8) }); // `{"s":""}` is 8 bytes

describe("maxBodySize", () => {
  it("answers bodies within the limit, declared or chunked", async () => {
    expect(json(LIMIT).length).toBe(LIMIT);
    expect(await post("/json", [json(LIMIT)])).toEqual({ status: 200, body: { received: { s: "a".repeat(LIMIT - 8) } } });
    const body = json(LIMIT);
    const chunks = [body.slice(0, 600), body.slice(600, 1400), body.slice(1400)];
    expect(await post("/json", chunks, { chunked: true })).toEqual({ status: 200, body: { received: { s: "a".repeat(LIMIT - 8) } } });
  });

  it("answers 413 for a content-length over the limit", async () => {
    const res = await post("/json", [json(LIMIT + 1)]);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: true, status: 413 });
  });

  it("answers 413 for a chunked body one byte over the limit", async () => {
    const body = json(LIMIT + 1);
    for (const path of ["/json", "/text"]) {
      const res = await post(path, [body.slice(0, 1000), body.slice(1000)], { chunked: true });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ error: true, status: 413 });
    }
  });

  it("keeps the JSON checks on chunked bodies (prototype keys, depth)", async () => {
    const proto = await post("/json", ['{"a":1,"__proto__":', '{"admin":true}}'], { chunked: true });
    expect(proto).toEqual({ status: 200, body: { received: { a: 1 } } });
    const deep = await post("/json", ["[".repeat(600), "]".repeat(600)], { chunked: true });
    expect(deep.status).toBe(400);
  });
});
