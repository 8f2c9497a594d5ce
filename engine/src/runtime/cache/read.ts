import { useStorage } from "../storage/index.ts";
import { resolveStorageKey } from "../storage/resolve.ts";
import { guard, isDown, reportOutage } from "./guard.ts";

/** Parsed entries by key with the text they came from; bounded, oldest dropped first. */
const parsed = new Map<string, { raw: string; entry: unknown }>();
let parsedChars = 0;
/** Bounds for the parsed entries kept: a few MB, and no single large entry. */
const PARSED_MAX_ENTRIES = 512;
const PARSED_MAX_CHARS = 256 * 1024;
const PARSED_MAX_TOTAL_CHARS = 4 * 1024 * 1024;

/**
 * Reads an entry for the cache-hit fast path (see `hit.ts`). Parsing the stored JSON is most of
 * a hit's cost, so the parse is reused while the stored text is unchanged: the memory driver
 * hands back the very same string (an O(1) comparison), a network store an equal one. The result
 * is shared between requests and must not be mutated. `undefined` means "ask ocache" (outage or
 * text that is not JSON); ocache's own reads (`cacheStorage.get`) still parse afresh.
 *
 * Goes to the driver directly (as `getItemRaw` would). A driver that answers synchronously (the
 * in-process ones) is used without the deadline machinery: there is nothing to wait for, and a
 * hit then takes no promise at all here.
 */
export function readCacheEntry(key: string): unknown {
  if (isDown()) return undefined;
  let raw: unknown;
  try {
    const item = resolveStorageKey(useStorage(), key);
    raw = item ? (item.driver.getItemRaw ?? item.driver.getItem)?.(item.relativeKey, {}) : useStorage().getItemRaw(key);
  } catch (error) {
    reportOutage(key, error);
    return undefined;
  }
  if (!isThenable(raw)) return parseEntry(key, raw);
  return guard(key, () => raw as Promise<unknown>).then(
    (value) => parseEntry(key, value),
    (error) => (reportOutage(key, error), undefined),
  );
}

function parseEntry(key: string, raw: unknown): unknown {
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) raw = new TextDecoder().decode(raw);
  if (typeof raw !== "string") return raw ?? null;
  const memo = parsed.get(key);
  if (memo && memo.raw === raw) return memo.entry;
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    return undefined;
  }
  forgetParsed(key);
  if (raw.length <= PARSED_MAX_CHARS) {
    while (parsed.size >= PARSED_MAX_ENTRIES || (parsed.size > 0 && parsedChars + raw.length > PARSED_MAX_TOTAL_CHARS)) forgetParsed(parsed.keys().next().value!);
    parsed.set(key, { raw, entry });
    parsedChars += raw.length;
  }
  return entry;
}

/** Drops the parse kept for `key` (its entry is being replaced or removed). */
export function forgetParsed(key: string): void {
  const memo = parsed.get(key);
  if (!memo) return;
  parsed.delete(key);
  parsedChars -= memo.raw.length;
}

/** Whether a value must be awaited; lets the hit path stay synchronous when nothing must. */
export function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === "function";
}
