import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer } from "./helpers.ts";

const root = join(import.meta.dirname, ".tmp", `plugins-${process.pid}`);
const dirs: string[] = [];
afterAll(() => {
  dirs.forEach(removeDir);
  rmSync(root, { recursive: true, force: true });
});

/** Writes a small app inside the repo (so `edgeplate` resolves), builds it and copies the output away. */
async function buildApp(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const out = await buildAndCopy(dir);
  dirs.push(out);
  return out;
}

describe("plugins and hooks", () => {
  it("runs an async plugin to completion before the first request, and calls error and close hooks", async () => {
    const out = await buildApp("async", {
      "plugins/setup.ts": `import { writeFileSync } from "node:fs";
import { definePlugin } from "edgeplate";
export default definePlugin(async (app) => {
  await new Promise((r) => setTimeout(r, 300));
  globalThis.__ready = true;
  app.hooks.hook("error", (error) => console.log("error hook:", error.message));
  app.hooks.hook("close", () => writeFileSync(process.env.CLOSE_MARK, "closed"));
});`,
      "routes/ready.ts": `export default () => ({ ready: globalThis.__ready === true });`,
      "routes/boom.ts": `export default () => { throw new Error("kaboom"); };`,
    });
    const mark = join(out, "closed.txt");
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out, env: { CLOSE_MARK: mark } });
    expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ ready: true });
    expect((await fetch(`${server.url}/boom`)).status).toBe(500);
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output()).toContain("error hook: kaboom");
    expect(readFileSync(mark, "utf8")).toBe("closed");
  });

  it("answers every request with a JSON 500 when a plugin fails to start, and says why in the log", async () => {
    const out = await buildApp("failing", {
      "plugins/broken.ts": `import { definePlugin } from "edgeplate";
export default definePlugin(() => { throw new Error("cannot reach the config service"); });`,
      "routes/hello.ts": `export default () => "hi";`,
    });
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
    for (const path of ["/hello", "/nope"]) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(body).toMatchObject({ error: true, status: 500 });
      expect(JSON.stringify(body)).not.toContain("config service");
    }
    expect(server.output()).toContain("cannot reach the config service");
    await server.stop();
  });

  // A request that finds no startup pending must not wait a promise hop (srvx's fast path); with
  // no plugins at all there is never anything pending.
  it.each([
    ["no plugins", {}],
    ["a synchronous plugin", { "plugins/sync.ts": `import { definePlugin } from "edgeplate";\nexport default definePlugin(() => {});` }],
  ])("answers in-process fetches synchronously once started, with %s", async (name, files) => {
    const out = await buildApp(name.replace(/ /g, "-"), {
      ...files,
      "routes/hello.ts": `export default () => "hi";`,
      "routes/probe.ts": `import { useApp } from "edgeplate/platform";
export default async () => {
  await useApp().fetch(new Request("http://localhost/hello")); // loads the route's chunk
  const answer = useApp().fetch(new Request("http://localhost/hello"));
  return { sync: typeof answer?.then !== "function", text: await (await answer).text() };
};`,
    });
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
    expect(await (await fetch(`${server.url}/probe`)).json()).toEqual({ sync: true, text: "hi" });
    await server.stop();
  });
});
