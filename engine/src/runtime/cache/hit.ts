import type { H3Event } from "h3";
import { FastResponse } from "srvx";
import { CACHEABLE, NO_STORE } from "./response.ts";
import { handOver, isThenable, readEntry } from "./storage.ts";

/** An entry as ocache stores a handler response (`payload: "value.body"`, text body). */
interface StoredEntry {
  value?: StoredResponse;
  mtime?: number;
  integrity?: unknown;
  maxAge?: number | null;
  stale?: boolean;
  encoding?: string;
}

export interface StoredResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  body: unknown;
  base64?: boolean;
}

export interface HitPathOptions {
  /** What ocache writes into entries and compares on read (see `integrity.ts`). */
  integrity: string;
  /** ocache's resolved `maxAge` (its default is 1), used when the entry has none of its own. */
  maxAge: unknown;
  statusHeader: string | undefined;
  /** ocache's storage key for the request, whose cache key the caller already computed. */
  storageKey: (event: H3Event, key: string) => Promise<string | undefined>;
  /** Re-run on every hit, as ocache re-validates every read; absent when only the value decides. */
  shouldCache?: (value: StoredResponse) => boolean | Promise<boolean>;
}

/** Storage keys remembered per method; cleared when full (a cheap bound, keys are cheap to redo). */
const MAX_KEYS = 1024;

interface Prepared {
  body: string;
  init: ResponseInit;
}

/**
 * Serves a fresh cache hit without going through ocache. Per hit, ocache resolves and hashes the
 * key, copies and re-validates the entry (re-parsing its `cache-control`), copies the headers
 * twice and runs a dozen promise steps; with an in-process store that was three quarters of the
 * time of a hit. Here a hit is: key → remembered storage key → read (parse reused, see
 * `readEntry`) → freshness and integrity check → a response over headers prepared once per
 * stored entry.
 *
 * It answers only what ocache would answer with a plain `HIT` and no side effects: a present,
 * fresh, non-stale entry of this handler's integrity, and no conditional request (ocache does
 * the 304). Everything else returns `undefined` and goes to ocache, with the entry just read
 * handed over (`storage.ts`), which applies its full semantics (SWR, dedupe, stale-if-error, 304).
 */
export function createHitPath(opts: HitPathOptions): (event: H3Event, key: string) => Response | undefined | Promise<Response | undefined> {
  const storageKeys: Record<string, Map<string, string>> = { GET: new Map(), HEAD: new Map() };
  const prepared = new WeakMap<object, Prepared | null>();

  const prepare = (value: StoredResponse): Prepared | null => {
    const { status, headers, body } = value;
    // Shapes ocache would decode or refuse; its own path handles them.
    if (typeof body !== "string" || value.base64 || !CACHEABLE.has(status) || !headers || typeof headers !== "object" || headers["set-cookie"] || headers[NO_STORE]) return null;
    // ocache's `transform` adds the status header; ours maps nothing else for a HIT.
    const sent = opts.statusHeader ? { ...headers, [opts.statusHeader]: "HIT" } : { ...headers };
    // Shared by every response for this entry: FastResponse only reads it (its `headers` getter copies).
    return { body, init: Object.freeze({ status, statusText: value.statusText, headers: Object.freeze(sent) }) };
  };

  const respond = (entry: StoredEntry | null | undefined): Response | undefined | Promise<Response | undefined> => {
    if (!entry || typeof entry !== "object" || !isFresh(entry, opts)) return undefined;
    const value = entry.value!;
    let hit = prepared.get(value);
    if (hit === undefined) prepared.set(value, (hit = prepare(value)));
    if (!hit) return undefined;
    const response = new FastResponse(hit.body, hit.init) as Response;
    return opts.shouldCache ? recheck(opts.shouldCache, value, response) : response;
  };
  // What falls through goes to ocache with this read handed over: a miss reads the store once.
  const answer = (storageKey: string, read: { raw: unknown; entry: unknown } | undefined) => {
    if (!read) return undefined;
    const res = respond(read.entry as StoredEntry);
    if (res === undefined) handOver(storageKey, read.raw);
    return res;
  };
  const lookup = (storageKey: string) => {
    const read = readEntry(storageKey);
    return isThenable(read) ? read.then((r) => answer(storageKey, r)) : answer(storageKey, read);
  };

  // No `await` on the way: with an in-process store a hit is answered synchronously.
  return (event, key) => {
    const known = storageKeys[event.req.method];
    if (!known) return undefined;
    const storageKey = known.get(key);
    if (storageKey !== undefined) return lookup(storageKey);
    return opts.storageKey(event, key).then((resolved) => {
      if (resolved === undefined) return undefined;
      if (known.size >= MAX_KEYS) known.clear();
      known.set(key, resolved);
      return lookup(resolved);
    });
  };
}

/** A user's `shouldCache` refusing (or throwing for) the entry: ocache re-resolves, and logs the error. */
async function recheck(shouldCache: NonNullable<HitPathOptions["shouldCache"]>, value: StoredResponse, response: Response): Promise<Response | undefined> {
  try {
    return (await shouldCache(value)) === false ? undefined : response;
  } catch {
    return undefined;
  }
}

/** ocache's "hit" status: matching integrity, not marked stale (`expire()`), age within maxAge. */
function isFresh(entry: StoredEntry, opts: HitPathOptions): boolean {
  if (entry.integrity !== opts.integrity || entry.stale === true || entry.encoding !== undefined) return false;
  if (!entry.value || typeof entry.value !== "object") return false;
  const maxAge = entry.maxAge ?? opts.maxAge;
  if (typeof maxAge !== "number" || !(maxAge > 0)) return false;
  return Date.now() - (entry.mtime || 0) <= maxAge * 1000;
}
