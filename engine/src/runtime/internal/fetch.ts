import { useApp } from "./app.ts";

/**
 * `fetch` that answers paths starting with `/` in-process, without a network hop; anything else
 * goes to the global `fetch`.
 * @example
 * const res = await serverFetch("/api/hello");
 */
export function serverFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  if (typeof input === "string" && input.startsWith("/")) {
    return Promise.resolve(useApp().fetch(new Request(new URL(input, "http://localhost"), init)));
  }
  return globalThis.fetch(input, init);
}
