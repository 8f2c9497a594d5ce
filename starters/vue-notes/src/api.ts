// Calls to the app's own API; the shapes are the server's (server/notes.ts).
import type { FieldErrors, Note, NoteInput } from "../server/notes.ts";

export type { FieldErrors, Note, NoteInput };

/** An API error; a 400 carries one message per invalid field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.message ?? `Request failed (${res.status})`, res.status, body.data?.fields);
  return body as T;
}

export const api = {
  list: (query: string) => call<{ notes: Note[] }>(`/api/notes?q=${encodeURIComponent(query)}`).then((r) => r.notes),
  get: (id: string) => call<{ note: Note }>(`/api/notes/${encodeURIComponent(id)}`).then((r) => r.note),
  create: (input: NoteInput) => call<{ note: Note }>("/api/notes", { method: "POST", body: JSON.stringify(input) }).then((r) => r.note),
  update: (id: string, input: NoteInput) => call<{ note: Note }>(`/api/notes/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(input) }).then((r) => r.note),
  remove: (id: string) => call<void>(`/api/notes/${encodeURIComponent(id)}`, { method: "DELETE" }),
};
