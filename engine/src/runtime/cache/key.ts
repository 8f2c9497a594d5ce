import type { H3Event } from "h3";

/**
 * The contract's cache key: path + query sorted by name (only `allowQuery` names when given) + the
 * `varies` request headers. ocache adds the method and escapes/hashes the result.
 *
 * ocache's own key also hashes the request origin, so two processes on different ports (or a
 * host behind two names) would never share an entry; the contract keys on the path instead.
 * Add `host` to `varies` to key on it.
 */
export function requestKey(event: H3Event, allowQuery: readonly string[] | boolean | undefined, varies: readonly string[] | undefined): string {
  const url = event.url ?? new URL(event.req.url);
  // The common case (no query, no `varies`) skips URLSearchParams: this runs on every cache hit.
  if (url.search.length <= 1 && !varies?.length) return url.pathname;
  const names = Array.isArray(allowQuery) ? allowQuery : undefined;
  const params = [...url.searchParams]
    .filter(([name]) => allowQuery !== false && (!names || names.includes(name)))
    // By name only: the sort is stable, so a repeated name keeps its values in request order
    // (`getAll()` order is meaningful to the handler). Single-valued queries key as before.
    .sort(([a], [b]) => compare(a, b));
  const query = new URLSearchParams(params).toString();
  const headers = (varies ?? []).map((name) => `${name.toLowerCase()}=${event.req.headers.get(name) ?? ""}`);
  return [url.pathname + (query ? `?${query}` : ""), ...headers].join("|");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
