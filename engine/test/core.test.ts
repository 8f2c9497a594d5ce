import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { H3 } from "h3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHashedName } from "../src/build/public.ts";
import { createStaticMiddleware } from "../src/runtime/internal/static.ts";
import { buildAndCopy, freePort, removeDir, startServer, type RunningServer } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/core");
let outDir: string;
let server: RunningServer;
let upstream: Server;

beforeAll(async () => {
  // A real upstream for the proxy rule.
  const upstreamPort = await freePort();
  upstream = createServer((req, res) => res.end(JSON.stringify({ upstream: true, url: req.url })));
  await new Promise<void>((r) => upstream.listen(upstreamPort, "127.0.0.1", r));
  outDir = await buildAndCopy(fixture, { routeRules: { "/proxy/**": { proxy: `http://127.0.0.1:${upstreamPort}/**` } } });
  server = await startServer(process.execPath, [".output/server/index.mjs"], {
    cwd: outDir,
    env: { EDGEPLATE_API_BASE: "/from-env", EDGEPLATE_FEATURE_FLAG: "true", EDGEPLATE_LIMITS_PER_MINUTE: "99", EDGEPLATE_DB_URL: "postgres://x" },
  });
});

afterAll(async () => {
  await server?.stop();
  upstream?.close();
  if (outDir) removeDir(outDir);
});

const get = (path: string, init?: RequestInit) => fetch(server.url + path, { redirect: "manual", ...init });

describe("routing", () => {
  it("serves JSON and text routes", async () => {
    const res = await get("/api/hello");
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ hello: "world" });
    expect(await (await get("/api/ping")).text()).toBe("pong");
  });

  it("passes params, catch-all and group routes", async () => {
    expect(await (await get("/users/42")).json()).toEqual({ id: "42", method: "GET" });
    expect(await (await get("/files/a/b/c.txt")).json()).toEqual({ path: "a/b/c.txt" });
    expect(await (await get("/about")).text()).toBe("about us");
    expect(await (await get("/docs")).json()).toEqual({ docs: true });
  });

  it("passes param names with a dash or a dot, as Nitro does", async () => {
    expect(await (await get("/u/42")).json()).toEqual({ params: { "user-id": "42" }, userId: "42" });
    expect(await (await get("/tree/a/b.txt")).json()).toEqual({ params: { "file.path": "a/b.txt" } });
  });

  it("dispatches by method", async () => {
    expect(await (await get("/users/7", { method: "DELETE" })).json()).toEqual({ deleted: "7" });
    const wrong = await get("/users/7", { method: "PUT" });
    expect([404, 405]).toContain(wrong.status);
  });

  it("runs middleware in file-name order and plugins with hooks", async () => {
    const res = await get("/order");
    expect(await res.json()).toEqual({ order: ["first", "second"], plugin: true });
    expect(res.headers.get("x-plugin")).toBe("hooked");
  });

  it("answers serverFetch in-process", async () => {
    expect(await (await get("/local-fetch")).json()).toEqual({ status: 200, body: { hello: "world" } });
  });
});

describe("route rules", () => {
  it("adds headers and cors", async () => {
    const res = await get("/api/hello", { headers: { origin: "https://example.com" } });
    expect(res.headers.get("x-api")).toBe("1");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await get("/docs")).headers.get("x-docs")).toBe("yes");
  });

  it("answers a CORS preflight", async () => {
    const res = await get("/api/hello", { method: "OPTIONS", headers: { origin: "https://example.com", "access-control-request-method": "GET" } });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("redirects", async () => {
    const res = await get("/old-path");
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/api/hello");
  });

  it("proxies", async () => {
    expect(await (await get("/proxy/some/where?x=1")).json()).toEqual({ upstream: true, url: "/some/where?x=1" });
  });
});

describe("runtime config", () => {
  it("applies EDGEPLATE_* env overrides, nested keys too", async () => {
    // `app.baseURL` is always there, as in Nitro (`useRuntimeConfig().app.baseURL`).
    expect(await (await get("/config")).json()).toEqual({ apiBase: "/from-env", featureFlag: true, limits: { perMinute: 99 }, db: { url: "postgres://x" }, app: { baseURL: "/" } });
  });
});

describe("errors in production", () => {
  it("sends HTTPError status and data as JSON", async () => {
    const res = await get("/error/http");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: true, status: 503, statusText: "Service Unavailable", message: "maintenance", data: { retryAfter: 30 } });
  });

  it("hides the message and stack of unhandled errors", async () => {
    const res = await get("/error/crash", { headers: { accept: "text/html" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret detail");
    expect(text).not.toContain("at ");
    expect(JSON.parse(text)).toMatchObject({ error: true, status: 500, unhandled: true });
    expect(server.output()).toContain("secret detail from the database layer");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await get("/no/such/route");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: true, status: 404 });
  });

  it("rejects malformed JSON with 400 and oversized bodies with 413", async () => {
    const bad = await get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: true, status: 400 });
    const big = await get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ x: "a".repeat(1024 * 1024 + 10) }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: true, status: 413 });
    const ok = await get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(await ok.json()).toEqual({ received: { a: 1 } });
  });

  it("refuses JSON nested deeper than 512 levels with a 400 at parse time", async () => {
    const post = (body: string) => get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body });
    // 400k levels fit in the 1 MB limit; parsing them worked, sending them back threw RangeError (a 500).
    const deep = await post("[".repeat(400_000) + "]".repeat(400_000));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ error: true, status: 400, message: expect.stringMatching(/512/) });
    const limit = "[".repeat(512) + "]".repeat(512);
    expect((await post(limit)).status).toBe(200);
    expect((await post("[" + limit + "]")).status).toBe(400);
    // Brackets inside strings are not nesting.
    expect(await (await post(JSON.stringify({ s: "[{".repeat(2000) }))).json()).toEqual({ received: { s: "[{".repeat(2000) } });
  });

  it("strips __proto__ and constructor.prototype keys from parsed request bodies", async () => {
    const body = '{"a":1,"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"nested":{"__proto__":{"x":1},"b":2}}';
    const res = await get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await res.json()).toEqual({ received: { a: 1, nested: { b: 2 } } });
  });
});

describe("static files", () => {
  it("serves public files with type, etag and last-modified", async () => {
    const res = await get("/style.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("last-modified")).toBeTruthy();
    expect(res.headers.get("cache-control")).toContain("must-revalidate");
    expect(await (await get("/")).text()).toContain("core fixture");
  });

  it("answers 304 for a matching etag and If-Modified-Since", async () => {
    const first = await get("/style.css");
    const etag = first.headers.get("etag")!;
    expect((await get("/style.css", { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await get("/style.css", { headers: { "if-modified-since": first.headers.get("last-modified")! } })).status).toBe(304);
  });

  it("answers HEAD without a body", async () => {
    const res = await get("/style.css", { method: "HEAD", headers: { "accept-encoding": "identity" } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1024);
    expect(await res.text()).toBe("");
  });

  it("serves precompressed gzip and brotli", async () => {
    const raw = await (await get("/style.css", { headers: { "accept-encoding": "identity" } })).text();
    for (const encoding of ["br", "gzip"]) {
      const res = await get("/style.css", { headers: { "accept-encoding": encoding } });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(res.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(await res.text()).toBe(raw); // fetch decodes it
    }
  });

  it("marks hashed assets immutable, and nothing else under /assets/", async () => {
    expect((await get("/assets/app-3f9a1b2c.js")).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await get("/assets/logo.svg")).headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
  });

  it("tells build hashes from ordinary names", () => {
    for (const path of [
      "/apple-touch-icon.png",
      "/docs/user-handbook.pdf",
      "/docs/Employee-Handbook.pdf",
      "/favicon-32x32.png",
      "/report-2024-01-15.pdf",
      "/invoice-20240115.pdf",
      "/assets/logo.png",
      "/assets/index.js",
    ]) {
      expect(isHashedName(path), path).toBe(false);
    }
    for (const path of ["/assets/index-B-3xAbc1.js", "/app.4f3a9c1d.css", "/assets/app-3f9a1b2c.js", "/assets/logo-Dk_fQ2aZ.svg"]) {
      expect(isHashedName(path), path).toBe(true);
    }
  });

  it("serves files whose names are percent-encoded in the URL", async () => {
    const spaced = await get("/my%20file.txt", { headers: { "accept-encoding": "identity" } });
    expect(spaced.status).toBe(200);
    expect(spaced.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const body = await spaced.text();
    expect(body).toMatch(/^a file with a space in its name\n/);
    const br = await get("/my%20file.txt", { headers: { "accept-encoding": "br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(await br.text()).toBe(body);

    const accented = await get("/caf%C3%A9.txt");
    expect(accented.status).toBe(200);
    expect(accented.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await accented.text()).toBe("café au lait\n");

    for (const path of ["/%C3%BCber%20uns/", "/%C3%BCber%20uns"]) {
      const index = await get(path);
      expect(index.status, path).toBe(200);
      expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await index.text()).toContain("<body>über uns</body>");
    }
  });

  it("serves a file whose own name ends in .gz as itself", async () => {
    const res = await get("/archive.tar.gz", { headers: { "accept-encoding": "gzip, br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(join(fixture, "public/archive.tar.gz")));
  });

  it("falls through on a malformed escape instead of throwing", async () => {
    // The app never gets that far: h3 answers a malformed escape with 400 before any middleware.
    const malformed = await get("/%E0%A4%A");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: true, status: 400 });
    // With h3's check off, the static layer must hand it on rather than throw a 500.
    const assets = { "/café.txt": { type: "text/plain", etag: '"1"', mtime: new Date(0).toUTCString(), size: 4, cacheControl: "no-cache" } };
    const app = new H3({ allowMalformedURL: true }).use(createStaticMiddleware(assets, () => () => "café")!).use(() => "route");
    for (const path of ["/%E0%A4%A", "/caf%C3%A9.txt%", "/%C3%A9%"]) {
      const res = await app.fetch(new Request(`http://localhost${path}`));
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe("route");
    }
    expect(await (await app.fetch(new Request("http://localhost/caf%C3%A9.txt"))).text()).toBe("café");
  });

  it("never serves files outside public/", async () => {
    for (const path of [
      "/../package.json",
      "/%2e%2e/package.json",
      "/%2e%2e%2f%2e%2e%2fserver%2findex.mjs",
      "/..%2fserver/index.mjs",
      "//etc/passwd",
      "/server/index.mjs",
      "/assets/..%5c..%5cpackage.json",
      "/..%2f..%2fetc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/..%5c..%5cpackage.json",
      "/style.css%00",
      "/my%20file.txt%00.css",
      "/%00",
      "/caf%C3%A9.txt/..%2f..%2fpackage.json",
      "/%C3%BCber%20uns%2findex.html",
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});

describe("server assets", () => {
  it("reads bundled assets with metadata through useStorage('assets:server')", async () => {
    const body = await (await get("/server-assets")).json();
    expect(body.keys).toEqual(["data.json", "nested:note.txt"]);
    expect(body.data).toEqual({ name: "fixture-data", items: [1, 2, 3] });
    expect(body.nested).toBe("nested note\n");
    expect(body.meta).toMatchObject({ type: "application/json" });
    expect(body.meta.etag).toMatch(/^".+"$/);
  });
});
