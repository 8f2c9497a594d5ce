/** Bump when the stored entry format or what the hit path assumes about it changes. */
const FORMAT = "edgeplate-cache/2";
/** Options that place or schedule entries but do not change what is stored. */
const PLACEMENT = new Set(["base", "group", "name", "storage", "waitUntil", "stream", "integrity"]);

/**
 * The `name` and `integrity` handed to ocache explicitly: the hit path and the stale fallback
 * compare entries against the integrity (ocache does not expose its own), and ocache sees the code
 * only wrapped, so would name it after the wrapper. The integrity is a SHA-256 (Web Crypto, on every
 * host) of the code's source and options: other code's entries are never served, and unchanged code
 * keeps its entries across builds. `undefined` (options JSON cannot describe) leaves it to ocache.
 */
export async function identify(fn: Function, opts: Record<string, unknown>): Promise<{ name: string; integrity: unknown }> {
  const name = (opts.name as string) || fn.name || `anon_${(await sha256(Function.prototype.toString.call(fn))).slice(0, 16)}`;
  if (opts.integrity) return { name, integrity: opts.integrity };
  const options = Object.fromEntries(Object.entries(opts).filter(([key]) => !PLACEMENT.has(key)));
  try {
    return { name, integrity: (await sha256(JSON.stringify([FORMAT, fn, options], describe))).slice(0, 32) };
  } catch {
    return { name, integrity: undefined };
  }
}

/** JSON.stringify replacer: functions as name, arity and source; plain objects with sorted keys. */
function describe(_key: string, value: unknown): unknown {
  if (typeof value === "function") return `ƒ ${value.name}(${value.length}) ${Function.prototype.toString.call(value)}`;
  if (!value || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
