import { HTTPError, assertBodySize, type H3Event } from "h3";
import { drainableBody } from "./drain.ts";

/**
 * `maxBodySize` for one request; returns whether the request was replaced by a limited one.
 *
 * A body that declares its length is held to it by the platform's HTTP parser (Node's reads
 * exactly `content-length` bytes), so the header alone decides: the request is left as it is,
 * and srvx reads `json()`/`text()` straight from Node's stream (its fast path). Only a body
 * without a length (chunked) gets h3's `assertBodySize`, which counts bytes through a web stream and
 * stays exact. Both answer 413 with h3's error.
 */
export function limitBodySize(event: H3Event, limit: number): boolean {
  const headers = event.req.headers;
  const length = headers.get("content-length");
  // With `transfer-encoding` as well the length is ambiguous: h3 answers 400 for that.
  if (length === null || headers.has("transfer-encoding")) {
    const before = event.req;
    // h3 cancels the body it counted past the limit; it cancels this wrapper instead, so the host
    // can read the rest before answering 413 (drain.ts) and the client, still sending, reads it.
    // (`req` is read-only in h3's types; h3's own `assertBodySize` replaces it the same way.)
    if (length === null && before.body) (event as { req: Request }).req = withDrainableBody(before);
    assertBodySize(event, limit);
    return event.req !== before;
  }
  if (!/^\d+$/.test(length)) throw new HTTPError({ status: 400, statusText: "Bad Request", message: "Invalid content-length header" });
  if (Number(length) > limit) throw tooLarge(limit);
  return false;
}

/** `request` with its body behind `drainableBody` (made on first read, so an unread body stays untouched). */
function withDrainableBody(request: Request): Request {
  let body: ReadableStream<Uint8Array> | undefined;
  return new Proxy(request, {
    get(target, prop) {
      if (prop === "body") return (body ??= drainableBody(target, target.body!));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** h3's 413, for a declared length over the limit. */
function tooLarge(limit: number): HTTPError {
  return new HTTPError({ status: 413, statusText: "Request Entity Too Large", message: `Request body size exceeds the limit of ${limit} bytes` });
}
