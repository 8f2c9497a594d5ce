import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev } from "../src/testing/index.ts";
import { removeDir, startServer, type RunningServer } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// A Nitro v3 app (fixtures/nitro-rename, written in the shapes of Nitro's docs and examples) moves
// to Edgeplate by the rename the contract promises, and nothing else: module specifiers `nitro…` →
// `edgeplate…` (imports and the tsconfig's `extends`) and `nitro.config.ts` → `edgeplate.config.ts`.
// Names stay as Nitro spells them (`defineConfig`, `defineNitroConfig`, `useNitroApp`, a plugin's
// `nitroApp` parameter): Edgeplate exports those too. It is then built with the `edgeplate build` CLI in a
// folder outside the repository (its node_modules links only the engine and node-server) and
// checked over HTTP, and under `edgeplate dev`, where its task runs at `/_tasks/db:migrate`.

const run = promisify(execFile);
const fixture = join(import.meta.dirname, "fixtures/nitro-rename");
const engine = join(import.meta.dirname, "..");
const tsc = join(engine, "../node_modules/typescript/bin/tsc");

/** The mechanical rename, applied to a file's path and text. */
export function renameNitro(path: string, text: string): [string, string] {
  const renamedPath = path.replace(/(^|\/)nitro\.config\.(\w+)$/, "$1edgeplate.config.$2");
  // Module specifiers: "nitro", "nitro/h3", … (in imports, exports and a tsconfig's `extends`).
  const renamedText = text.replace(/(["'])nitro(\/[\w./-]*)?\1/g, "$1edgeplate$2$1");
  return [renamedPath, renamedText];
}

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/");
    const [renamed, text] = renameNitro(path, readFileSync(join(dir, path), "utf8"));
    files[renamed] = text;
  }
  return files;
}

describe("a Nitro app renamed to Edgeplate", () => {
  let app: string;
  let server: RunningServer;

  beforeAll(async () => {
    app = createLinkedApp({ files: readTree(fixture) });
    // The config names no platform: node-server, whatever the shell says.
    const { EDGEPLATE_PLATFORM: _platform, ...env } = process.env;
    await run(process.execPath, [join(engine, "bin/edgeplate.mjs"), "build", "."], { cwd: app, env });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: app, env: { HOST: "127.0.0.1" } });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (app) removeDir(app);
  });

  it("took only the rename", () => {
    const files = readTree(fixture);
    expect(Object.keys(files)).toContain("edgeplate.config.ts");
    expect(Object.keys(files)).not.toContain("nitro.config.ts");
    expect(Object.values(files).join("\n")).not.toMatch(/from "nitro/);
    expect(files["edgeplate.config.ts"]).toContain('import { defineConfig } from "edgeplate";');
    expect(files["tsconfig.json"]).toContain('"extends": "edgeplate/tsconfig"');
  });

  it("answers unmatched paths from server.ts, an h3 app", async () => {
    const root = await server.fetch("/");
    expect(root.status).toBe(200);
    expect(await root.text()).toBe("Hello from the server entry");
    expect(await (await server.fetch("/entry/ada")).json()).toEqual({ name: "ada" });
  });

  it("lets file routes win over server.ts, with middleware, plugins, runtime config and route rules", async () => {
    const res = await server.fetch("/api/hello", { headers: { "x-user": "ada" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-api")).toBe("1");
    expect(await res.json()).toEqual({ greeting: "Hello from runtime config", user: "ada", fromPlugin: true });
    expect(await (await server.fetch("/api/users/42")).json()).toEqual({ id: "42" });
    const legacy = await server.fetch("/legacy", { redirect: "manual" });
    expect([301, 302, 307, 308]).toContain(legacy.status);
    expect(legacy.headers.get("location")).toBe("/api/hello");
  });

  it("serves the config's `routes` (a `virtual` module) and `handlers` entries", async () => {
    expect(await (await server.fetch("/virtual")).text()).toBe("Hello from a virtual route");
    expect(await (await server.fetch("/api/registered")).json()).toEqual({ registered: true });
  });

  it("caches with nitro/cache and stores with nitro/storage", async () => {
    const first = await (await server.fetch("/api/cached")).json();
    expect(await (await server.fetch("/api/cached")).json()).toEqual(first);
    const put = await server.fetch("/api/kv/colour", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ v: "teal" }) });
    expect(await put.json()).toEqual({ stored: "colour" });
    expect(await (await server.fetch("/api/kv/colour")).json()).toEqual({ key: "colour", value: { v: "teal" } });
  });

  it("sends HTTPError body fields, the reason phrase and a JSON charset", async () => {
    const res = await server.fetch("/api/conflict");
    expect(res.status).toBe(409);
    expect(res.statusText).toBe("Conflict");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual({ error: true, status: 409, statusText: "Conflict", message: "That name is taken", code: "NAME_TAKEN" });
  });

  it("runs error.ts with Nitro's `{ defaultHandler }`, and falls back to the default when it returns nothing", async () => {
    const wrapped = await server.fetch("/api/conflict?wrap");
    expect(wrapped.status).toBe(409);
    expect(await wrapped.json()).toEqual({ wrapped: { error: true, status: 409, statusText: "Conflict", message: "That name is taken", code: "NAME_TAKEN" } });
    const boom = await server.fetch("/api/boom");
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toMatchObject({ error: true, status: 500, unhandled: true });
  });

  it("answers the JSON 404 when neither a route nor server.ts does", async () => {
    const res = await server.fetch("/nowhere");
    expect(res.status).toBe(404);
    expect(res.statusText).toBe("Not Found");
    expect(await res.json()).toMatchObject({ error: true, status: 404 });
  });

  it("serves the same under `edgeplate dev`", async () => {
    const dev = await startDev(app);
    try {
      expect(await (await dev.fetch("/")).text()).toBe("Hello from the server entry");
      expect(await (await dev.fetch("/api/hello", { headers: { "x-user": "ada" } })).json()).toEqual({ greeting: "Hello from runtime config", user: "ada", fromPlugin: true });
      expect(await (await dev.fetch("/virtual")).text()).toBe("Hello from a virtual route");
      const conflict = await dev.fetch("/api/conflict");
      expect([conflict.status, conflict.statusText, conflict.headers.get("content-type")]).toEqual([409, "Conflict", "application/json; charset=utf-8"]);
      expect(await (await dev.fetch("/api/conflict?wrap")).json()).toMatchObject({ wrapped: { status: 409, code: "NAME_TAKEN" } });
      // tasks/db/migrate.ts is the task `db:migrate`, as in Nitro.
      expect(await (await dev.fetch("/_tasks/db:migrate")).json()).toMatchObject({ result: "migrated" });
    } finally {
      await dev.stop();
    }
  }, 120_000);

  // Until the engine exports `edgeplate/task`, the task file is the one thing that does not type-check.
  const hasTasks = "./task" in (JSON.parse(readFileSync(join(engine, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports;
  it(`type-checks against edgeplate/tsconfig${hasTasks ? "" : ", except the task (no `edgeplate/task` yet)"}`, async () => {
    const result = await run(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: app }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    const errors = result.split("\n").filter((line) => /error TS/.test(line));
    expect(errors).toEqual(hasTasks ? [] : [expect.stringMatching(/^tasks\/db\/migrate\.ts\(1,\d+\): error TS2307: Cannot find module 'edgeplate\/task'/)]);
  }, 120_000);
});
