import { toResponse, type H3Event } from "h3";
import { FastResponse } from "srvx";
import type { ResponseCacheEntry } from "ocache";

/** Only these are stored (the contract, same as ocache). */
export const CACHEABLE = new Set([200, 203, 301, 308]);
/** Marks a response that must not be stored; never leaves the server. */
export const NO_STORE = "x-edgeplate-no-store";
/** `NO_STORE`'s value on a stale entry that a failed refresh resolved to (see `stale.ts`). */
export const SERVED_STALE = "stale";

export interface CacheHeaderOptions {
  maxAge?: number;
  swr?: boolean;
  staleMaxAge?: number;
  sendCacheControl?: boolean;
}

/**
 * Turns a handler's value into the response ocache stores, adding what the contract wants and
 * ocache does not do: `last-modified` (entry creation time), `cache-control` with `s-maxage`
 * also without swr, and no storage at all for responses that set cookies (ocache would store
 * them with the cookie stripped). The cookie still reaches the client that caused it.
 */
export async function toCacheableResponse(value: unknown, event: H3Event, opts: CacheHeaderOptions): Promise<Response> {
  // A returned error renders through the app's error handler, as for any route.
  if (value instanceof Error) throw value;
  const rendered = await toResponse(value, event);
  if (!CACHEABLE.has(rendered.status)) return rendered;
  const res = new Response(rendered.body, rendered);
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) {
    res.headers.delete("set-cookie");
    for (const cookie of cookies) event.res.headers.append("set-cookie", cookie);
    res.headers.set(NO_STORE, "1");
    return res;
  }
  if (!res.headers.has("last-modified")) res.headers.set("last-modified", new Date().toUTCString());
  if (!res.headers.has("cache-control") && opts.sendCacheControl !== false) res.headers.set("cache-control", cacheControl(opts));
  return res;
}

/** ocache's `shouldCache`: refuses what `toCacheableResponse` marked. */
export function isStorable(entry: ResponseCacheEntry): boolean {
  return !entry.headers[NO_STORE];
}

/**
 * ocache's `createResponse`: builds the sent response from the stored one. ocache reports a
 * foreground refresh as `REVALIDATED`; the contract has only HIT, MISS and STALE, and a request
 * that waited for the handler is a MISS — or STALE when the refresh failed and resolved to the
 * stale entry.
 */
export function createCachedResponse(statusHeader: string | undefined) {
  return (body: string | Uint8Array | ReadableStream<Uint8Array> | null, init: ResponseInit): Response => {
    const headers = toRecord(init.headers);
    const stale = headers[NO_STORE] === SERVED_STALE;
    delete headers[NO_STORE];
    if (statusHeader && headers[statusHeader] === "REVALIDATED") headers[statusHeader] = stale ? "STALE" : "MISS";
    // srvx's FastResponse: on Node a HIT is written straight to the socket instead of going
    // through a web ReadableStream (the native Response); elsewhere it is the native Response.
    return new FastResponse(body as BodyInit | null, { ...init, headers }) as Response;
  };
}

function toRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers as Iterable<[string, string]>);
  return { ...headers };
}

function cacheControl({ maxAge = 1, swr, staleMaxAge }: CacheHeaderOptions): string {
  const parts = [`max-age=${maxAge}`, `s-maxage=${maxAge}`];
  if (swr) parts.push(staleMaxAge === undefined ? "stale-while-revalidate" : `stale-while-revalidate=${staleMaxAge}`);
  return parts.join(", ");
}
