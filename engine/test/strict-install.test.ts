import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDevServer } from "../src/build/index.ts";
import { buildAndCopy, freePort, removeDir, startServer } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// Apps outside the repository whose node_modules hold only what they depend on (as pnpm lays it
// out): `edgeplate` and the platform, linked. h3, the drivers and better-sqlite3 are the engine's.
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log("[strict-install.test] SKIPPED the Redis mount check: REDIS_URL is not set (CI sets it; e.g. REDIS_URL=redis://127.0.0.1:6379).");

const NOTES_ROUTE = `import { defineHandler } from "edgeplate";
import { useDatabase } from "edgeplate/database";
export default defineHandler(async () => {
  const db = useDatabase();
  await db.exec("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)");
  await db.exec("DELETE FROM notes");
  await db.sql\`INSERT INTO notes (text) VALUES (\${"hello"})\`;
  return (await db.sql\`SELECT text FROM notes\`).rows;
});
`;

it("builds an app whose install does not hoist the engine's dependencies", async () => {
  const app = createLinkedApp({
    files: {
      "routes/[name].ts": `import { defineHandler } from "edgeplate";\nexport default defineHandler((event) => ({ hi: event.context.params?.name }));\n`,
      // A cors rule, so the generated route-rules module imports `h3/rules` too, and a storage driver.
      "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ routeRules: { "/**": { cors: true } }, storage: { kv: { driver: "fs-lite" } } });\n`,
    },
  });
  dirs.push(app);
  // Built from the app's folder by the CLI, as a user would: resolution starts there, not in the repo.
  const res = spawnSync(process.execPath, [join(import.meta.dirname, "../bin/edgeplate.mjs"), "build", "."], { cwd: app, encoding: "utf8" });
  expect(res.status, res.stdout + res.stderr).toBe(0);
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: app });
  try {
    const res = await fetch(`${server.url}/ada`);
    expect(await res.json()).toEqual({ hi: "ada" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  } finally {
    await server.stop();
  }
});

it("copies better-sqlite3 from where it resolved (beside the linked engine), so the default database works from an empty folder", async () => {
  const app = createLinkedApp({
    files: {
      "routes/notes.post.ts": NOTES_ROUTE,
    },
  });
  const out = await buildAndCopy(app);
  dirs.push(app, out);
  expect(existsSync(join(out, ".output/server/node_modules/better-sqlite3/package.json"))).toBe(true);
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
  try {
    const res = await fetch(`${server.url}/notes`, { method: "POST" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual([{ text: "hello" }]);
  } finally {
    await server.stop();
  }
});

it("serves the default database in dev with a linked engine (better-sqlite3 is the engine's)", async () => {
  const app = createLinkedApp({ files: { "routes/notes.post.ts": NOTES_ROUTE } });
  dirs.push(app);
  const port = await freePort();
  const server = await createDevServer({ rootDir: app, port, host: "127.0.0.1" });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/notes`, { method: "POST" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual([{ text: "hello" }]);
  } finally {
    await server.close();
  }
});

it.skipIf(!redisUrl)("bundles ioredis for the redis driver from the engine's install when the app does not list it", async () => {
  const app = createLinkedApp({
    files: {
      "routes/visits.ts": `import { useStorage } from "edgeplate/storage";\nexport default async () => {\n  const kv = useStorage("kv");\n  await kv.setItem("visits", ((await kv.getItem<number>("visits")) ?? 0) + 1);\n  return { visits: await kv.getItem("visits") };\n};\n`,
    },
  });
  const base = `edgeplate-strict-${process.pid}-${Date.now().toString(36)}`;
  const out = await buildAndCopy(app, { storage: { kv: { driver: "redis", url: redisUrl, base } } });
  dirs.push(app, out);
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
  try {
    expect(await (await fetch(`${server.url}/visits`)).json()).toEqual({ visits: 1 });
    expect(await (await fetch(`${server.url}/visits`)).json()).toEqual({ visits: 2 });
  } finally {
    await server.stop();
  }
});
