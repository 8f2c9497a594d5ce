import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../../../engine/test/helpers.ts";
import { startBuiltStarter } from "../../../engine/test/vite-apps.ts";

const root = join(import.meta.dirname, "..");
// CI (.ci/run) exports DATABASE_URL for a local Postgres; the starter reads NOTES_POSTGRES_URL at build time.
const url = process.env.DATABASE_URL;

describe.skipIf(!url)(`vue-notes on Postgres ${url ? "" : "(skipped: set DATABASE_URL to a Postgres database to run it)"}`, () => {
  let server: Awaited<ReturnType<typeof startBuiltStarter>>;
  beforeAll(async () => {
    process.env.NOTES_POSTGRES_URL = url;
    server = await startBuiltStarter(root, "postgres");
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDir(server.dir);
  });

  it("stores, searches (literal %, case-insensitive) and deletes notes", async () => {
    const title = `Postgres ${Date.now()} 100% _done_`;
    const json = { "content-type": "application/json" };
    const created = await fetch(`${server.url}/api/notes`, { method: "POST", headers: json, body: JSON.stringify({ title, body: "Works" }) });
    expect(created.status).toBe(201);
    const { note } = await created.json();
    const found = await (await fetch(`${server.url}/api/notes?q=${encodeURIComponent(title.slice(-13).toUpperCase())}`)).json();
    expect(found.notes.map((n: { id: string }) => n.id)).toContain(note.id);
    // `%` and `_` are matched literally, not as wildcards.
    const none = await (await fetch(`${server.url}/api/notes?q=${encodeURIComponent(`${Date.now()}%`)}`)).json();
    expect(none.notes.map((n: { id: string }) => n.id)).not.toContain(note.id);
    expect((await fetch(`${server.url}/api/notes/${note.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${server.url}/api/notes/${note.id}`)).status).toBe(404);
  });
});
