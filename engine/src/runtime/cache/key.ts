import type { H3Event } from "h3";

/**
 * The contract's cache key: path + query sorted by name (only `allowQuery` names when given) + the
 * `varies` headers; ocache adds the method and escapes it. Not ocache's own key, which also hashes
 * the origin: processes on different ports would never share an entry (add `host` to `varies`).
 */
export function requestKey(event: H3Event, allowQuery: readonly string[] | boolean | undefined, varies: readonly string[] | undefined): string {
  const url = event.url ?? new URL(event.req.url);
  // The common case skips URLSearchParams: this runs on every cache hit.
  if (url.search.length <= 1 && !varies?.length) return url.pathname;
  const names = Array.isArray(allowQuery) ? allowQuery : undefined;
  // By name only, a stable sort: a repeated name keeps its values in request order (`getAll()` order).
  const params = [...url.searchParams].filter(([name]) => allowQuery !== false && (!names || names.includes(name))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  const headers = (varies ?? []).map((name) => `${name.toLowerCase()}=${event.req.headers.get(name) ?? ""}`);
  return [url.pathname + (query ? `?${query}` : ""), ...headers].join("|");
}
