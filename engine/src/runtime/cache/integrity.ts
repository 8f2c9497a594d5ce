/**
 * Bump when the stored entry format or what the hit path assumes about it changes: entries
 * written under another version are then never served.
 */
const FORMAT = "edgeplate-cache/1";
/** Options that place or schedule entries but do not change what is stored. */
const PLACEMENT = new Set(["base", "group", "name", "storage", "waitUntil", "stream", "integrity"]);

/**
 * The integrity of a cached handler's entries: a hash of the handler's source and its options
 * (function options by source), the same inputs ocache hashes by default, so an entry written by
 * other code is never served while unchanged handlers keep their entries across builds. Computed
 * here rather than left to ocache because the hit path (`hit.ts`) must compare it itself and
 * ocache does not expose its own. `undefined` (options that cannot be described) leaves it to
 * ocache, and the hit path off.
 */
export function handlerIntegrity(handler: unknown, opts: Record<string, unknown>): string | undefined {
  const options = Object.fromEntries(Object.entries(opts).filter(([name]) => !PLACEMENT.has(name)));
  let text: string;
  try {
    text = JSON.stringify([FORMAT, handler, options], describe);
  } catch {
    return undefined;
  }
  return `${hash53(text, 0).toString(36)}${hash53(text, 1).toString(36)}`;
}

/**
 * The name a handler's entries are stored under, by ocache's rule (its `name`, else a hash of its
 * source), for a handler ocache only sees wrapped (see `stale.ts`): ocache would name them after
 * the wrapper, the same for every handler.
 */
export function handlerName(handler: Function): string {
  if (handler.name) return handler.name;
  return `anon_${hash53(Function.prototype.toString.call(handler), 0).toString(36)}`;
}

/** JSON.stringify replacer: functions as name, arity and source; object keys sorted. */
function describe(_key: string, value: unknown): unknown {
  if (typeof value === "function") return `ƒ ${value.name}(${value.length}) ${Function.prototype.toString.call(value)}`;
  if (value && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((name) => [name, (value as Record<string, unknown>)[name]]),
    );
  }
  return value;
}

/** cyrb53 (public domain): a fast 53-bit string hash; two seeds give ~106 bits, plenty for versioning. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
