import { useApp } from "./app.ts";

/**
 * Whether a request is for the app itself: a path starting with one `/` (`//host/x` is a
 * protocol-relative URL of another host).
 */
export function isAppPath(input: unknown): input is string {
  return typeof input === "string" && input.startsWith("/") && !input.startsWith("//");
}

/**
 * `fetch` that answers paths starting with `/` in-process, without a network hop; anything else
 * goes to the global `fetch`.
 * @example
 * const res = await serverFetch("/api/hello");
 */
export function serverFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  if (isAppPath(input)) {
    return Promise.resolve(useApp().fetch(new Request(new URL(input, "http://localhost"), init)));
  }
  return globalThis.fetch(input, init);
}
