import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

// Inside the repo so the app resolves `edgeplate` from the workspace.
const app = join(import.meta.dirname, ".tmp", `spa-${process.pid}`);
let out: string;
let server: RunningServer;

beforeAll(async () => {
  const files = {
    "package.json": `{ "type": "module" }`,
    "edgeplate.config.ts": `export default { spa: true };`,
    "public/index.html": `<!doctype html><title>shell</title><div id="app"></div>`,
    "routes/api/notes.ts": `export default () => [];`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(app, file, ".."), { recursive: true });
    writeFileSync(join(app, file), text);
  }
  out = await buildAndCopy(app);
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
});
afterAll(async () => {
  await server?.stop();
  if (out) removeDir(out);
  rmSync(app, { recursive: true, force: true });
});

const browser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

it("answers a browser's deep link with the app shell, for GET and HEAD", async () => {
  const page = await fetch(`${server.url}/notes/3`, { headers: browser });
  expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
  expect(await page.text()).toContain("<title>shell</title>");
  const head = await fetch(`${server.url}/notes/3`, { method: "HEAD", headers: browser });
  expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "text/html; charset=utf-8", ""]);
});

it("keeps the JSON 404 for API paths, missing files and non-HTML requests", async () => {
  for (const [path, headers] of [
    ["/api/nope", browser],
    ["/assets/nope-1a2b3c4d.js", browser],
    ["/logo.png", browser],
    ["/notes/3", { accept: "*/*" }],
  ] as const) {
    const res = await fetch(server.url + path, { headers });
    expect(res.status, path).toBe(404);
    expect(await res.json(), path).toMatchObject({ error: true, status: 404 });
  }
});
