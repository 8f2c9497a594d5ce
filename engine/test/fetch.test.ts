import { createServer, request, type Server } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuilt, type BuiltServer } from "../src/testing/index.ts";
import { buildAndCopy, freePort, removeDir, startServer, type RunningServer } from "./helpers.ts";

// The server `$fetch` and validation (issue 10), against the built typed-api fixture over real HTTP.
const fixture = join(import.meta.dirname, "fixtures/typed-api");
let outDir: string;
let server: RunningServer;
let countFile: string;
let outside: Server;
let outsideUrl: string;
const outsideSeen: { cookie?: string; authorization?: string }[] = [];

beforeAll(async () => {
  outDir = await buildAndCopy(fixture);
  countFile = join(mkdtempSync(join(tmpdir(), "edgeplate-sockets-")), "count.json");
  server = await startServer(process.execPath, ["--import", join(import.meta.dirname, "count-sockets.mjs"), ".output/server/index.mjs"], {
    cwd: outDir,
    env: { SOCKET_COUNT_FILE: countFile },
  });
  // A third party the forwarding helper must not hand the user's credentials to.
  outside = createServer((req, res) => {
    outsideSeen.push({ cookie: req.headers.cookie, authorization: req.headers.authorization });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ outside: true }));
  });
  const port = await freePort();
  await new Promise<void>((r) => outside.listen(port, "127.0.0.1", r));
  outsideUrl = `http://127.0.0.1:${port}/`;
});

afterAll(async () => {
  await server?.stop();
  outside?.close();
  if (outDir) removeDir(outDir);
});

const sockets = (): { accepted: number; opened: number } => JSON.parse(readFileSync(countFile, "utf8"));

/** One request on a connection of its own (no keep-alive pool), so the server counts exactly one per call. */
function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text && /json/.test(res.headers["content-type"] ?? "") ? JSON.parse(text) : text }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("server $fetch", () => {
  it("answers paths in-process: no connection reaches the listening socket and none is opened", async () => {
    const before = sockets();
    const res = await call("/api/fetch/in-process?scenario=json");
    expect(res.body).toEqual({ hello: { hello: "world" }, user: { id: "42", name: "user 42" }, file: { path: "a/b.txt", method: "GET" } });
    const after = sockets();
    // The test's own request is the one connection; the route's three `$fetch` calls added none.
    expect(after.accepted - before.accepted).toBe(1);
    expect(after.opened - before.opened).toBe(0);
  });

  it("counts a network call (the control for the test above)", async () => {
    const before = sockets();
    const res = await call(`/api/fetch/in-process?scenario=network&url=${encodeURIComponent(`${server.url}/api/hello`)}`);
    expect(res.body).toEqual({ hello: "world" });
    const after = sockets();
    expect(after.accepted - before.accepted).toBe(2);
    expect(after.opened - before.opened).toBe(1);
  });

  it("sends a plain object as JSON with its content-type", async () => {
    expect((await call("/api/fetch/in-process?scenario=body")).body).toEqual({ created: "widget", contentType: "application/json" });
  });

  it("sends `query`", async () => {
    expect((await call("/api/fetch/in-process?scenario=query")).body).toEqual({ items: ["a", "b"], query: { page: "2", tag: ["x", "y"] } });
  });

  it("gives the raw Response with `$fetch.raw`; route rules and middleware ran", async () => {
    expect((await call("/api/fetch/in-process?scenario=raw")).body).toEqual({ status: 200, data: { hello: "world" }, rule: "applied", middleware: "ran" });
  });

  it("goes through the cache of a cached handler", async () => {
    const res = await call("/api/fetch/in-process?scenario=cached");
    expect(res.body).toMatchObject({ second: "HIT", same: true });
    expect(["MISS", "HIT"]).toContain(res.body.first);
  });

  it("throws a FetchError with the status and the contract's error body in `data` on a 4xx", async () => {
    const { body } = (await call("/api/fetch/in-process?scenario=error")) as { body: any };
    expect(body).toMatchObject({ thrown: true, isFetchError: true, status: 400 });
    expect(body.data).toMatchObject({ error: true, status: 400, statusText: "Validation failed", data: { issues: [expect.objectContaining({ path: ["title"] })] } });
  });

  it("useRequestFetch forwards cookie and authorization to the app's routes, never to another host", async () => {
    const res = await call(`/api/fetch/on-behalf?url=${encodeURIComponent(outsideUrl)}`, { headers: { cookie: "session=abc", authorization: "Bearer user" } });
    expect(res.body).toEqual({
      self: { cookie: "session=abc", authorization: "Bearer user" },
      overridden: { cookie: "session=abc", authorization: "Bearer chosen" },
      outside: { outside: true },
    });
    expect(outsideSeen.at(-1)).toEqual({ cookie: undefined, authorization: undefined });
  });
});

describe("defineValidatedHandler", () => {
  const json = { "content-type": "application/json" };

  it("passes valid input, with the schema's defaults applied", async () => {
    const res = await call("/api/todos?list=home", { method: "POST", headers: json, body: JSON.stringify({ title: "milk" }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ todo: { title: "milk", done: false }, list: "home" });
  });

  it("answers an invalid body with a 400 in the contract's shape, the issues in `data` (zod)", async () => {
    const res = await call("/api/todos?list=home", { method: "POST", headers: json, body: JSON.stringify({ title: "", done: "no" }) });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ error: true, status: 400, statusText: "Validation failed", message: "Validation failed" });
    expect(res.body.data.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(["title", "done"]);
    expect(res.body.stack).toBeUndefined();
  });

  it("answers an invalid query with a 400 and its issues", async () => {
    const res = await call("/api/todos?notify=maybe", { method: "POST", headers: json, body: JSON.stringify({ title: "milk" }) });
    expect(res.status).toBe(400);
    expect(res.body.data.issues.map((i: { path: string[] }) => i.path.join(".")).sort()).toEqual(["list", "notify"]);
  });

  it("answers an invalid body with a 400 and its issues (valibot)", async () => {
    const res = await call("/api/notes", { method: "POST", headers: json, body: JSON.stringify({ text: "hi" }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: true, status: 400 });
    expect(res.body.data.issues[0]).toMatchObject({ kind: "validation", type: "min_length", path: [expect.objectContaining({ key: "text" })] });
    expect((await call("/api/notes", { method: "POST", headers: json, body: JSON.stringify({ text: "hello" }) })).body).toEqual({ note: { text: "hello" } });
  });

  it("answers malformed JSON with a 400", async () => {
    const res = await call("/api/todos?list=home", { method: "POST", headers: json, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: true, status: 400, message: "Invalid JSON body" });
  });
});

// workerd resolves ofetch's and node-fetch-native's worker builds, not the Node ones: the same
// in-process calls must work there (miniflare, through the platform's own preview).
describe("server $fetch on cloudflare", () => {
  let worker: BuiltServer | undefined;
  afterAll(() => worker?.stop());

  it("answers in-process, sends bodies and query, throws FetchError", async () => {
    worker = await startBuilt(fixture, { platform: "cloudflare" });
    const get = async (scenario: string) => (await worker!.fetch(`/api/fetch/in-process?scenario=${scenario}`)).json();
    expect(await get("json")).toEqual({ hello: { hello: "world" }, user: { id: "42", name: "user 42" }, file: { path: "a/b.txt", method: "GET" } });
    expect(await get("body")).toEqual({ created: "widget", contentType: "application/json" });
    expect(await get("query")).toEqual({ items: ["a", "b"], query: { page: "2", tag: ["x", "y"] } });
    expect(await get("error")).toMatchObject({
      thrown: true,
      isFetchError: true,
      status: 400,
      data: { status: 400, data: { issues: [expect.objectContaining({ path: ["title"] })] } },
    });
  });
});
