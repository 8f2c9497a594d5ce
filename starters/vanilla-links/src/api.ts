// Typed calls to the app's own API; the server's shapes live in server/links.ts.
import type { FieldErrors, LinkStats } from "../server/links.ts";

export type { FieldErrors, LinkStats };

/** An API error with the per-field messages of a 400/409, if any. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.message ?? `Request failed (${res.status})`, body.data?.fields);
  return body as T;
}

export const listLinks = () => call<{ links: LinkStats[] }>("/api/links").then((r) => r.links);
export const createLink = (input: { url: string; slug: string }) => call<{ link: LinkStats }>("/api/links", { method: "POST", body: JSON.stringify(input) }).then((r) => r.link);
export const deleteLink = (slug: string) => call<void>(`/api/links/${encodeURIComponent(slug)}`, { method: "DELETE" });
