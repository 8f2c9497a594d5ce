import { defineHandler, HTTPError } from "edgeplate";
import { readBody } from "edgeplate/h3";
import { useStorage } from "edgeplate/storage";

// A tiny key-value API on the `data` mount: PUT /api/kv/<key> with `{ "value": "..." }` stores a
// string, GET /api/kv/<key> reads it back. `data` is files under .data/kv on Node, Bun and Deno
// (EDGEPLATE_DATA_DIR moves .data), the KV binding `DATA` on Cloudflare, memory on hosts without
// storage of their own (mount a driver in edgeplate.config.ts `storage` there).
export default defineHandler(async (event) => {
  const key = event.context.params?.key ?? "";
  // Letters, digits, `-` and `_` only: a safe file name on fs storage.
  if (!/^[\w-]{1,64}$/.test(key)) throw new HTTPError({ status: 400, message: "Keys are 1 to 64 letters, digits, `-` or `_`." });
  const kv = useStorage<string>("data:kv");
  if (event.req.method === "PUT") {
    const { value } = ((await readBody(event)) ?? {}) as { value?: unknown };
    if (typeof value !== "string" || value.length > 10_000) throw new HTTPError({ status: 400, message: "Send `{ value }` with a string of up to 10,000 characters." });
    await kv.setItem(key, value);
    return { key, value };
  }
  if (event.req.method !== "GET" && event.req.method !== "HEAD") throw new HTTPError({ status: 405, message: "Use GET or PUT." });
  const value = await kv.getItem(key);
  if (value === null) throw new HTTPError({ status: 404, message: `No value stored under ${key}` });
  return { key, value };
});
