import { HTTPError, readBody as h3ReadBody, type H3Event } from "h3";

/**
 * Request JSON nested deeper than this is refused with a 400. `JSON.parse` takes ~400k levels
 * within the 1 MB body limit, but storing or sending such a value back overflows the stack (a
 * 500); no real payload nests this deep.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Makes the request's `text()` refuse too-deep JSON and its `json()` also strip prototype keys,
 * so h3's `readBody`, `readValidatedBody` and `event.req.json()` all get the checks. Only bodies
 * that can be JSON are scanned (h3 parses a body without a content-type as JSON). `limited`: the
 * request is h3's body-limit proxy (`body-limit.ts`), which answers the read methods itself, so
 * the checked ones go on a proxy in front of it instead of onto the request.
 */
export function guardJsonBody(event: H3Event, limited = false): void {
  const type = event.req.headers.get("content-type") ?? "";
  if (type && !type.includes("json")) return;
  const req = event.req as { text: () => Promise<string>; json: () => Promise<unknown> };
  const text = req.text;
  const checkedText = () => text.call(req).then(checkedDepth);
  // One step from the body to the value: `json()` is what most handlers await.
  const checkedJson = () => text.call(req).then(parseCheckedJson);
  if (limited) {
    // `req` is read-only in h3's types only; its `assertBodySize` replaces it the same way.
    (event as { req: object }).req = new Proxy(event.req, { get: (target, prop) => (prop === "text" ? checkedText : prop === "json" ? checkedJson : Reflect.get(target, prop)) });
    return;
  }
  // Plain stores, not `Object.defineProperty`: a store is a shape transition the caller's compiled
  // code caches, a define is a runtime call on every request (on srvx's Node request the checks
  // cost ~3.5 µs a request with defines, nothing measurable with stores). The stores shadow the
  // prototype's methods, which are writable on every host's Request (srvx, undici, Bun, Deno, workerd).
  req.text = checkedText;
  req.json = checkedJson;
}

function checkedDepth(text: string): string {
  assertJsonDepth(text);
  return text;
}

function parseCheckedJson(text: string): unknown {
  return parseJsonBody(checkedDepth(text));
}

/**
 * h3's `readBody` with Nitro's (h3 v1) prototype-key stripping for JSON bodies: without it
 * `Object.assign({}, defaults, body)` takes an attacker's `__proto__` as the object's prototype.
 * @example
 * const body = await readBody(event); // `{"__proto__":{"admin":true}}` → `{}`
 */
export async function readBody<T = unknown>(event: H3Event, options?: Parameters<typeof h3ReadBody>[1]): Promise<T | undefined> {
  const type = (event.req.headers.get("content-type") ?? "").toLowerCase();
  if (options?.type || type.startsWith("application/x-www-form-urlencoded")) return h3ReadBody(event, options) as Promise<T | undefined>;
  const text = await event.req.text();
  if (!text) return undefined;
  return parseCheckedJson(text) as T;
}

/** `JSON.parse`, minus `__proto__` and `constructor.prototype` keys; the reviver only runs when one can be there. */
export function parseJsonBody(text: string): unknown {
  try {
    return text.includes("__proto__") || text.includes("constructor") ? JSON.parse(text, withoutPrototypeKeys) : JSON.parse(text);
  } catch {
    throw new HTTPError({ status: 400, statusText: "Bad Request", message: "Invalid JSON body" });
  }
}

function withoutPrototypeKeys(key: string, value: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (key === "constructor" && value && typeof value === "object" && "prototype" in value) return undefined;
  return value;
}

/** One pass over the characters, skipping strings; cheap next to `JSON.parse` itself. */
function assertJsonDepth(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34) break;
      }
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new HTTPError({ status: 400, statusText: "Bad Request", message: `Invalid JSON body: nested deeper than ${MAX_JSON_DEPTH} levels` });
    } else if (code === 93 /* ] */ || code === 125 /* } */) depth--;
  }
}
