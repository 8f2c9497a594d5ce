// Raw node:http doing the same work as the Edgeplate fixture: the JSON route and the static file
// (read from disk per request, with content-type, etag and last-modified), nothing else.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";

const payload = { hello: "world", id: 42, tags: ["fast", "small", "portable"], nested: { ok: true, count: 3 } };
const file = process.env.STATIC_FILE;
const info = file ? await stat(file) : undefined;
const etag = file
  ? `"${createHash("sha1")
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
