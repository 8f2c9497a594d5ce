// Raw node:http doing the same work as the Edgeplate fixture: the JSON route and the static file
// (read from disk per request, with content-type, etag and last-modified), nothing else.
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

createServer(async (req, res) => {
  if (req.url === "/api/json") {
    res.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
    res.end(JSON.stringify(payload));
  } else if (req.url === "/page.html" && file) {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag, "last-modified": info.mtime.toUTCString(), "content-length": body.length });
    res.end(body);
  } else {
    res.writeHead(200).end("ok");
  }
}).listen(Number(process.env.PORT), "127.0.0.1");
