// Calls to the app's own API through `$fetch` from `edgeplate/client` (ofetch: JSON in and out,
// errors as `FetchError` with the server's error body in `data`); the server's shapes live in
// server/links.ts.
import { $fetch, FetchError } from "edgeplate/client";
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

function toApiError(error: unknown): never {
  if (!(error instanceof FetchError)) throw error;
  const body = error.data as { message?: string; data?: { fields?: FieldErrors } } | undefined;
  throw new ApiError(body?.message ?? `Request failed (${error.status ?? "no response"})`, body?.data?.fields);
}

// No response types written here: each call's type is its route's return value, from the route
// types `edgeplate prepare` writes to .edgeplate/types/ (`npm run typecheck`).
export const listLinks = (): Promise<LinkStats[]> => $fetch("/api/links").then((r) => r.links, toApiError);
export const createLink = (input: { url: string; slug: string }): Promise<LinkStats> => $fetch("/api/links", { method: "POST", body: input }).then((r) => r.link, toApiError);
export const deleteLink = (slug: string): Promise<void> => $fetch(`/api/links/${encodeURIComponent(slug)}` as const, { method: "DELETE" }).then(() => undefined, toApiError);
