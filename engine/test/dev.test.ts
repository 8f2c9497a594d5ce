import { cpSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedSources, settle, watchSources, type SourceChange } from "../src/build/dev-watch.ts";
import { createDevServer } from "../src/build/index.ts";
import { freePort } from "./helpers.ts";

// Inside the repo so the copy still resolves `edgeplate` from the workspace's node_modules.
const appDir = join(import.meta.dirname, ".tmp", `dev-${process.pid}`);
let server: Awaited<ReturnType<typeof createDevServer>>;
let base: string;

beforeAll(async () => {
  mkdirSync(appDir, { recursive: true });
  cpSync(join(import.meta.dirname, "fixtures/core"), appDir, { recursive: true });
  const port = await freePort();
  server = await createDevServer({ rootDir: appDir, port, host: "127.0.0.1" });
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(appDir, { recursive: true, force: true });
});

const route = (name: string) => join(appDir, "routes/api", name);

describe("edgeplate dev", () => {
  it("serves the app", async () => {
    expect(await (await fetch(`${base}/api/hello`)).json()).toEqual({ hello: "world" });
    expect(await (await fetch(`${base}/`)).text()).toContain("core fixture");
  });

  it("answers an edited route on the very next request, without a restart", async () => {
    writeFileSync(route("hello.ts"), `import { defineHandler } from "edgeplate";\nexport default defineHandler(() => ({ hello: "edited" }));\n`);
    expect(await (await fetch(`${base}/api/hello`)).json()).toEqual({ hello: "edited" });
    writeFileSync(route("hello.ts"), `import { defineHandler } from "edgeplate";\nexport default defineHandler(() => ({ hello: "again" }));\n`);
    expect(await (await fetch(`${base}/api/hello`)).json()).toEqual({ hello: "again" });
  });

  it("picks up added and removed route files", async () => {
    expect((await fetch(`${base}/api/added`)).status).toBe(404);
    writeFileSync(route("added.ts"), `export default () => "new route";\n`);
    expect(await (await fetch(`${base}/api/added`)).text()).toBe("new route");
    unlinkSync(route("added.ts"));
    expect((await fetch(`${base}/api/added`)).status).toBe(404);
  });

  it("rebuilds when a file a route imports from outside routes/ is edited or deleted", async () => {
    const helper = join(appDir, "lib/msg.ts");
    mkdirSync(join(appDir, "lib"), { recursive: true });
    writeFileSync(helper, `export const msg = "v1";\n`);
    writeFileSync(route("msg.ts"), `import { msg } from "../../lib/msg";\nexport default () => ({ msg });\n`);
    expect(await (await fetch(`${base}/api/msg`)).json()).toEqual({ msg: "v1" });
    writeFileSync(helper, `export const msg = "v2";\n`);
    expect(await (await fetch(`${base}/api/msg`)).json()).toEqual({ msg: "v2" });
    unlinkSync(helper);
    expect((await fetch(`${base}/api/msg`)).status).toBe(500);
    writeFileSync(helper, `export const msg = "v3";\n`);
    expect(await (await fetch(`${base}/api/msg`)).json()).toEqual({ msg: "v3" });
    unlinkSync(route("msg.ts"));
  });

  it("shows a syntax error as an error page and recovers once the file is fixed", async () => {
    writeFileSync(route("hello.ts"), `export default () => ({ broken: \n`);
    const res = await fetch(`${base}/api/hello`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toContain("hello.ts");
    const json = await fetch(`${base}/api/hello`);
    expect(await json.json()).toMatchObject({ error: true, status: 500 });
    writeFileSync(route("hello.ts"), `export default () => ({ hello: "fixed" });\n`);
    expect(await (await fetch(`${base}/api/hello`)).json()).toEqual({ hello: "fixed" });
  });

  it("shows unhandled errors with message and stack in dev, as HTML for browsers", async () => {
    const json = await (await fetch(`${base}/error/crash`)).json();
    expect(json).toMatchObject({ error: true, status: 500, unhandled: true, message: "secret detail from the database layer" });
    expect(json.stack.join("\n")).toContain("crash");
    const html = await fetch(`${base}/error/crash`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    expect(await html.text()).toContain("secret detail from the database layer");
  });
});

describe("dev source watcher", () => {
  it("reports writes to config files, error handlers and a new server entry at the app root, and the app's own imports only", async () => {
    const dir = join(import.meta.dirname, ".tmp", `dev-watch-${process.pid}`);
    mkdirSync(join(dir, ".config"), { recursive: true });
    const changes: SourceChange[] = [];
    const watcher = watchSources(dir, (change) => changes.push(change));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const files = ["error.mjs", "edgeplate.config.mts", "edgeplate.config.cjs", ".config/edgeplate.ts", ".env", "server.ts"];
      for (const file of files) {
        const before = watcher.seq;
        writeFileSync(join(dir, file), "export {};\n");
        await settle();
        await settle();
        expect(watcher.seq, file).toBeGreaterThan(before);
        expect(changes.at(-1)!.config, file).toBe(file !== "error.mjs" && file !== "server.ts");
      }
      const ids = ["lib/a.ts", "../outside.ts", "node_modules/dep/index.js", "routes/index.ts"].map((f) => join(dir, f));
      const runtime = join(import.meta.dirname, "../dist/runtime/index.js");
      expect(importedSources([...ids, "\0virtual:edgeplate/app", runtime])).toEqual([join(dir, "lib/a.ts"), join(dir, "../outside.ts"), join(dir, "routes/index.ts")]);
    } finally {
      await watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
