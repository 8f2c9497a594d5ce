// Raw node:http serving the bench app (bench/fixture) by hand: the floor every row is a ratio of.
// The static file is read from disk per request (content-type, etag, last-modified), as a plain
// static server does; the cached route keeps the serialized answer in memory for 60 s.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";

// LOAD_WEB_GLOBALS=1 makes this the cold-start floor of any server built on Web APIs (h3, srvx,
// Hono): on Node, touching Headers/Request/Response loads its fetch implementation (undici).
if (process.env.LOAD_WEB_GLOBALS) void [globalThis.Headers, globalThis.Request, globalThis.Response];

const payload = { hello: "world", id: 42, tags: ["fast", "small", "portable"], nested: { ok: true, count: 3 } };
const file = process.env.STATIC_FILE;
const info = file ? await stat(file) : undefined;
// Imported only for the static file: the cold-start baseline is bare node:http and nothing else.
const etag = file
  ? `"${(await import("node:crypto"))
      .createHash("sha1")
      .update(await readFile(file))
      .digest("base64url")
      .slice(0, 16)}"`
  : "";
const JSON_TYPE = { "content-type": "application/json;charset=UTF-8" };
let cached;
let visits = 0;

createServer(async (req, res) => {
  const url = req.url;
  if (url === "/api/hello") {
    res.writeHead(200, JSON_TYPE).end(JSON.stringify(payload));
  } else if (url.startsWith("/api/users/")) {
    res.writeHead(200, JSON_TYPE).end(JSON.stringify({ id: decodeURIComponent(url.slice(11)), name: "user" }));
  } else if (url === "/api/echo" && req.method === "POST") {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    res.writeHead(200, JSON_TYPE).end(JSON.stringify({ received: JSON.parse(Buffer.concat(chunks).toString()) }));
  } else if (url === "/api/cached") {
    if (!cached || Date.now() - cached.mtime > 60_000) cached = { body: JSON.stringify(payload), mtime: Date.now() };
    res.writeHead(200, { ...JSON_TYPE, "cache-control": "max-age=60", "x-cache": "HIT" }).end(cached.body);
  } else if (url === "/api/visits") {
    res.writeHead(200, JSON_TYPE).end(JSON.stringify({ visits: ++visits }));
  } else if (url === "/index.html" && file) {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag, "last-modified": info.mtime.toUTCString(), "content-length": body.length });
    res.end(body);
  } else {
    res.writeHead(404).end();
  }
}).listen(Number(process.env.PORT), "127.0.0.1");
