// Calls to the app's own API through `$fetch` from `edgeplate/client` (ofetch: JSON in and out,
// errors as `FetchError` with the server's error body in `data`); the shapes are the server's
// (server/notes.ts).
import { $fetch, FetchError } from "edgeplate/client";
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

/** The contract's error body: `{ error, status, message, data }`. */
interface ErrorBody {
  message?: string;
  data?: { fields?: FieldErrors };
}

function toApiError(error: unknown): never {
  if (!(error instanceof FetchError)) throw error;
  const body = error.data as ErrorBody | undefined;
  throw new ApiError(body?.message ?? `Request failed (${error.status ?? "no response"})`, error.status ?? 0, body?.data?.fields);
}

const note = (id: string) => `/api/notes/${encodeURIComponent(id)}`;

// The response shapes are the server's own types (server/notes.ts), named once per call.
export const api = {
  list: (q: string): Promise<Note[]> => $fetch<{ notes: Note[] }>("/api/notes", { query: { q } }).then((r) => r.notes, toApiError),
  get: (id: string): Promise<Note> => $fetch<{ note: Note }>(note(id)).then((r) => r.note, toApiError),
  create: (input: NoteInput): Promise<Note> => $fetch<{ note: Note }>("/api/notes", { method: "POST", body: input }).then((r) => r.note, toApiError),
  update: (id: string, input: NoteInput): Promise<Note> => $fetch<{ note: Note }>(note(id), { method: "PUT", body: input }).then((r) => r.note, toApiError),
  remove: (id: string): Promise<void> => $fetch(note(id), { method: "DELETE" }).then(() => undefined, toApiError),
};
