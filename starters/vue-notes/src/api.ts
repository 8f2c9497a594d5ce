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

// `as const` keeps the path a template literal type (`/api/notes/${string}`), which the route
// types match to `api/notes/[id].*.ts`; a plain `string` would be the untyped escape hatch.
const note = (id: string) => `/api/notes/${encodeURIComponent(id)}` as const;

// No response types written here: each call's type is its route's return value, from the route
// types `edgeplate prepare` writes to .edgeplate/types/ (`npm run typecheck`).
export const api = {
  list: (q: string): Promise<Note[]> => $fetch("/api/notes", { query: { q } }).then((r) => r.notes, toApiError),
  get: (id: string): Promise<Note> => $fetch(note(id)).then((r) => r.note, toApiError),
  create: (input: NoteInput): Promise<Note> => $fetch("/api/notes", { method: "POST", body: input }).then((r) => r.note, toApiError),
  update: (id: string, input: NoteInput): Promise<Note> => $fetch(note(id), { method: "PUT", body: input }).then((r) => r.note, toApiError),
  remove: (id: string): Promise<void> => $fetch(note(id), { method: "DELETE" }).then(() => undefined, toApiError),
};
