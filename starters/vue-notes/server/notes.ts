import { HTTPError } from "edgeplate";
import { useDatabase } from "edgeplate/database";
import { z } from "zod";

export interface Note {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export type NoteInput = Pick<Note, "title" | "body">;
export type FieldErrors = Partial<Record<keyof NoteInput, string>>;

interface NoteRow {
  id: string;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const TITLE_MAX = 120;
const BODY_MAX = 20_000;

// Plain SQL that SQLite, D1 and Postgres all accept: text ids and ISO timestamps sort the same everywhere.
let ready: Promise<unknown> | undefined;
async function db() {
  const db = useDatabase();
  ready ??= db.sql`CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`;
  // A failed first attempt (database not reachable yet) is retried by the next request.
  await ready.catch((error) => {
    ready = undefined;
    throw error;
  });
  return db;
}

const toNote = (row: NoteRow): Note => ({ id: row.id, title: row.title, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at });

/** A create or update request; each message is what the form shows next to its field. */
export const noteInput = z.object({
  title: z
    .string({ error: "Give the note a title." })
    .trim()
    .min(1, "Give the note a title.")
    .max(TITLE_MAX, { error: (issue) => `Keep the title under ${TITLE_MAX} characters (it has ${String(issue.input).length}).` }),
  body: z
    .string({ error: "The text must be plain text." })
    .max(BODY_MAX, `Notes hold up to ${BODY_MAX.toLocaleString("en")} characters.`)
    .default(""),
});

/**
 * The 400 for an invalid note (`validate.onError` of the routes): the form's one message per field
 * in `data.fields`, next to the validator's own `issues`.
 */
export function invalidNote({ issues }: { issues: readonly { message: string; path?: readonly unknown[] }[] }): HTTPError {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path?.[0];
    if (key === "title" || key === "body") fields[key] ??= issue.message;
  }
  return new HTTPError({ status: 400, message: "Some fields need fixing.", data: { fields, issues } });
}

/** Newest first; `query` matches title or text, case-insensitively, as a literal string. */
export async function listNotes(query = ""): Promise<Note[]> {
  const pattern = `%${query
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows = [] } = await (
    await db()
  ).sql<{ rows?: NoteRow[] }>`
    SELECT * FROM notes
    WHERE lower(title) LIKE ${pattern} ESCAPE '\\' OR lower(body) LIKE ${pattern} ESCAPE '\\'
    ORDER BY updated_at DESC LIMIT 500`;
  return rows.map(toNote);
}

export async function getNote(id: string): Promise<Note> {
  const { rows = [] } = await (await db()).sql<{ rows?: NoteRow[] }>`SELECT * FROM notes WHERE id = ${id}`;
  if (!rows[0]) throw new HTTPError({ status: 404, message: "This note does not exist (it may have been deleted)." });
  return toNote(rows[0]);
}

export async function createNote(input: NoteInput): Promise<Note> {
  const now = new Date().toISOString();
  const note: Note = { id: crypto.randomUUID(), ...input, createdAt: now, updatedAt: now };
  await (
    await db()
  ).sql`INSERT INTO notes (id, title, body, created_at, updated_at) VALUES (${note.id}, ${note.title}, ${note.body}, ${now}, ${now})`;
  return note;
}

export async function updateNote(id: string, input: NoteInput): Promise<Note> {
  const existing = await getNote(id);
  const updatedAt = new Date().toISOString();
  await (
    await db()
  ).sql`UPDATE notes SET title = ${input.title}, body = ${input.body}, updated_at = ${updatedAt} WHERE id = ${id}`;
  return { ...existing, ...input, updatedAt };
}

export async function deleteNote(id: string): Promise<void> {
  await getNote(id);
  await (
    await db()
  ).sql`DELETE FROM notes WHERE id = ${id}`;
}

/** How many notes there are and when one last changed (`null` with none); Postgres counts as a string. */
export async function noteStats(): Promise<{ count: number; lastEditedAt: string | null }> {
  const { rows = [] } = await (
    await db()
  ).sql<{ rows?: { count: number | string; last_edited_at: string | null }[] }>`
    SELECT COUNT(*) AS count, MAX(updated_at) AS last_edited_at FROM notes`;
  return { count: Number(rows[0]?.count ?? 0), lastEditedAt: rows[0]?.last_edited_at ?? null };
}
