import type { H3Event } from "h3";
import { isAppPath } from "../internal/fetch.ts";
import { $fetch } from "./server.ts";
import type { EdgeplateFetch } from "./types.ts";

/** What a route calling another route on the user's behalf passes on (Nuxt's `useRequestFetch` forwards the same credentials). */
const FORWARDED_HEADERS = ["cookie", "authorization"] as const;

/**
 * A `$fetch` that forwards the incoming request's `cookie` and `authorization` headers, so a
 * route can call another route of the app as the user who called it. Only in-process calls
 * (paths starting with `/`) get them: a third-party URL must never receive the user's
 * credentials. Headers the call sets itself win.
 * @example
 * export default defineHandler((event) => useRequestFetch(event)("/api/me"));
 */
export function useRequestFetch(event: H3Event): EdgeplateFetch {
  const forwarded: [string, string][] = [];
  for (const name of FORWARDED_HEADERS) {
    const value = event.req.headers.get(name);
    if (value !== null) forwarded.push([name, value]);
  }
  if (forwarded.length === 0) return $fetch;
  return $fetch.create({
    onRequest({ request, options }) {
      if (!isAppPath(request) || options.baseURL) return;
      for (const [name, value] of forwarded) if (!options.headers.has(name)) options.headers.set(name, value);
    },
  }) as EdgeplateFetch;
}
