/** The path the app is served under (`/`, or `/app/` for `baseURL: "/app/"`): replaced when the app is bundled. */
export const baseURL: string = import.meta.baseURL ?? "/";

/**
 * Nitro's answer to a request outside `baseURL`: a page read (GET/HEAD) is sent to the same path
 * under it with a 302 (`/about` → `/app/about`), anything else is left to the 404.
 */
export function outsideBaseRedirect(method: string, url: URL): Response | undefined {
  if (baseURL === "/" || url.pathname.startsWith(baseURL) || `${url.pathname}/` === baseURL) return undefined;
  if (method !== "GET" && method !== "HEAD") return undefined;
  return new Response(null, { status: 302, headers: { location: `${baseURL}${url.pathname.slice(1)}${url.search}` } });
}
