import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildAndCopy, startServer, waitFor, type RunningServer } from "edgeplate/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// CI (.ci/run) exports DATABASE_URL for a local Postgres.
const databaseUrl = process.env.DATABASE_URL;

/**
 * The URL with parts no build may copy: a password (when it has none; trust auth, as in CI,
 * accepts any) and an `application_name`, so a copy of either is found even without the rest.
 */
function markedUrl(url: string): { url: string; marks: string[] } {
  const marked = new URL(url);
  const mark = `edgeplate-secret-${process.pid}-${Date.now().toString(36)}`;
  if (!marked.password) marked.password = `${mark}-pw`;
  marked.searchParams.set("application_name", `${mark}-app`);
  return { url: marked.href, marks: [marked.password, `${mark}-app`] };
}

describe.skipIf(!databaseUrl)(`vue-notes on Postgres ${databaseUrl ? "" : "(skipped: set DATABASE_URL to a Postgres database to run it)"}`, () => {
  const secret = markedUrl(databaseUrl ?? "postgres://localhost");
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    // The URL is in the build's environment, even under the very name the server reads.
    const buildEnv = { NOTES_DATABASE: "postgresql", DATABASE_URL: secret.url, EDGEPLATE_DATABASE_DEFAULT_URL: secret.url };
    const saved = { ...process.env };
    Object.assign(process.env, buildEnv);
    try {
      dir = await buildAndCopy(root, { platform: "node-server" });
    } finally {
      for (const name of Object.keys(buildEnv)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { EDGEPLATE_DATABASE_DEFAULT_URL: secret.url } });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes the URL, or any part of it, into no output file", () => {
    // Everything a host would get: the server bundle, the client and the public files.
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .map((file) => join(dir, file))
      .filter((file) => statSync(file).isFile());
    expect(files.some((file) => file.endsWith("/server/index.mjs"))).toBe(true);
    const leaks = files.flatMap((file) => {
      const text = readFileSync(file, "latin1");
      return [secret.url, ...secret.marks].filter((part) => text.includes(part)).map((part) => `${file}: ${part}`);
    });
    expect(leaks).toEqual([]);
  });

  it("stores, searches (literal %, case-insensitive) and deletes notes with the URL given at run time", async () => {
    const title = `Postgres ${Date.now()} 100% _done_`;
    const json = { "content-type": "application/json" };
    const created = await fetch(`${server.url}/api/notes`, { method: "POST", headers: json, body: JSON.stringify({ title, body: "Works" }) });
    expect(created.status, await created.clone().text()).toBe(201);
    const { note } = await created.json();
    const found = await (await fetch(`${server.url}/api/notes?q=${encodeURIComponent(title.slice(-13).toUpperCase())}`)).json();
    expect(found.notes.map((n: { id: string }) => n.id)).toContain(note.id);
    // `%` and `_` are matched literally, not as wildcards.
    const none = await (await fetch(`${server.url}/api/notes?q=${encodeURIComponent(`${Date.now()}%`)}`)).json();
    expect(none.notes.map((n: { id: string }) => n.id)).not.toContain(note.id);
    expect((await fetch(`${server.url}/api/notes/${note.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${server.url}/api/notes/${note.id}`)).status).toBe(404);
  });

  it("started without the URL, names the variable to set", async () => {
    const bare = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    try {
      expect((await fetch(`${bare.url}/api/notes`)).status).toBe(500);
      // The server may write its log line just after it answered.
      await waitFor(
        async () => expect(bare.output()).toContain("[edgeplate] [database] database `default` has no `url`. Set `EDGEPLATE_DATABASE_DEFAULT_URL` where the server runs"),
        5_000,
      );
    } finally {
      await bare.stop();
    }
  });
});
