import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOptions } from "../src/build/options.ts";
import { buildAndCopy as buildAndCopyApp } from "../src/testing/index.ts";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// server.ts / `serverEntry` in every shape Nitro accepts, error handlers old and new, and the Nitro
// config keys: apps outside the repository, built and served over HTTP.
const repo = join(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function buildAndCopyTo(app: string, platform: string): Promise<string> {
  const out = await buildAndCopyApp(app, { platform });
  dirs.push(out);
  return out;
}

async function serve(files: Record<string, string>, extra: { hono?: boolean } = {}): Promise<RunningServer> {
  const app = createLinkedApp({ files, dependencies: extra.hono ? { hono: "*" } : {} });
  dirs.push(app);
  if (extra.hono) symlinkSync(join(repo, "node_modules/hono"), join(app, "node_modules/hono"));
  const out = await buildAndCopy(app);
  dirs.push(out);
  return startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
}

const html = { headers: { accept: "text/html" } };
const shell = "<!doctype html><title>shell</title><p>the app shell</p>";

describe("server.ts as `{ fetch }`, with the SPA shell and an error.ts of the old shape", () => {
  let server: RunningServer;
  afterAll(() => server?.stop());

  it("answers what it handles, passes on when it returns nothing, and loses to file routes", async () => {
    server = await serve({
      "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ spa: true });\n`,
      "public/index.html": shell,
      "server.ts": `export default {
  fetch(request: Request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/ping") return new Response("pong");
    if (pathname === "/api/hello") return new Response("server.ts must not see this");
    if (pathname === "/entry-throws") throw new Error("entry failed");
  },
};\n`,
      "routes/api/hello.ts": `export default () => ({ from: "route" });\n`,
      "routes/api/fail.ts": `import { HTTPError } from "edgeplate";\nexport default () => { throw new HTTPError({ status: 418, message: "teapot" }); };\n`,
      "routes/api/handler-throws.ts": `import { HTTPError } from "edgeplate";\nexport default () => { throw new HTTPError({ status: 409, message: "handler throws" }); };\n`,
      "routes/api/handler-misbehaves.ts": `import { HTTPError } from "edgeplate";\nexport default () => { throw new HTTPError({ status: 409, message: "handler misbehaves" }); };\n`,
      "error.ts": `import { defineErrorHandler } from "edgeplate";
export default defineErrorHandler((error, event) => {
  if (event.url.pathname === "/api/fail") return new Response(\`custom \${error.status}\`, { status: error.status });
  if (event.url.pathname === "/api/handler-throws") throw new Error("the error page broke");
  if (event.url.pathname === "/api/handler-misbehaves") return "not a response" as unknown as Response;
});\n`,
    });
    expect(await (await server.fetch("/ping")).text()).toBe("pong");
    expect(await (await server.fetch("/api/hello")).json()).toEqual({ from: "route" });
    const deep = await server.fetch("/notes/42", html);
    expect([deep.status, await deep.text()]).toEqual([200, shell]);
    const missing = await server.fetch("/api/missing", html);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("sends a thrown error from server.ts through the error path", async () => {
    const res = await server.fetch("/entry-throws");
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: true, status: 500, unhandled: true });
  });

  it("keeps `(error, event)` handlers working", async () => {
    const res = await server.fetch("/api/fail");
    expect([res.status, await res.text()]).toEqual([418, "custom 418"]);
  });

  it("answers with the default error, and logs one line, when the handler throws or returns something else", async () => {
    const before = server.output().length;
    const thrown = await server.fetch("/api/handler-throws");
    expect([thrown.status, thrown.statusText]).toEqual([409, "Conflict"]);
    expect(await thrown.json()).toEqual({ error: true, status: 409, statusText: "Conflict", message: "handler throws" });
    const odd = await server.fetch("/api/handler-misbehaves");
    expect(await odd.json()).toMatchObject({ status: 409, message: "handler misbehaves" });
    const log = server.output().slice(before).trim().split("\n");
    expect(log).toEqual([
      "[edgeplate] the error handler threw while handling GET /api/handler-throws: the error page broke; sent the default error.",
      "[edgeplate] the error handler returned a string, not a Response; sent the default error. Return a Response, or nothing to keep the default.",
    ]);
  });
});

describe("server.ts as a Hono app", () => {
  let server: RunningServer;
  afterAll(() => server?.stop());

  it("is called as it is; its 404 lets the SPA shell answer a navigation, and is sent when nothing else answers", async () => {
    server = await serve(
      {
        "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ spa: true });\n`,
        "public/index.html": shell,
        "server.ts": `import { Hono } from "hono";\nconst app = new Hono();\napp.get("/hono/:name", (c) => c.json({ hi: c.req.param("name") }));\nexport default app;\n`,
      },
      { hono: true },
    );
    expect(await (await server.fetch("/hono/ada")).json()).toEqual({ hi: "ada" });
    const deep = await server.fetch("/somewhere", html);
    expect([deep.status, await deep.text()]).toEqual([200, shell]);
    const api = await server.fetch("/api/nothing");
    expect([api.status, await api.text()]).toEqual([404, "404 Not Found"]);
  });
});

describe("`serverEntry` in the config", () => {
  it("takes an event handler file, and `false` leaves server.ts out", async () => {
    const server = await serve({
      "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ serverEntry: "./entry/main.ts" });\n`,
      "entry/main.ts": `import { defineHandler } from "edgeplate";\nexport default defineHandler((event) => (event.url.pathname === "/who" ? { path: event.url.pathname, method: event.req.method } : undefined));\n`,
      "server.ts": `export default { fetch: () => new Response("server.ts is not the entry here") };\n`,
    });
    try {
      expect(await (await server.fetch("/who")).json()).toEqual({ path: "/who", method: "GET" });
      expect((await server.fetch("/other")).status).toBe(404);
    } finally {
      await server.stop();
    }
    const off = await serve({
      "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ serverEntry: false });\n`,
      "server.ts": `export default { fetch: () => new Response("ignored") };\n`,
    });
    try {
      expect((await off.fetch("/")).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it("adapts a Node `(req, res)` handler from server.node.ts", async () => {
    const server = await serve({
      "server.node.ts": `import type { IncomingMessage, ServerResponse } from "node:http";
export default (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader("content-type", "text/plain");
  res.end(\`node saw \${req.method} \${req.url}\`);
};\n`,
      "routes/api/hello.ts": `export default () => ({ from: "route" });\n`,
    });
    try {
      expect(await (await server.fetch("/express/style?x=1")).text()).toBe("node saw GET /express/style?x=1");
      expect(await (await server.fetch("/api/hello")).json()).toEqual({ from: "route" });
    } finally {
      await server.stop();
    }
  });

  it("answers 500 with one log line naming the file when its default export is not a handler", async () => {
    const server = await serve({ "server.ts": `export default 42;\n`, "routes/ok.ts": `export default () => "ok";\n` });
    try {
      expect(await (await server.fetch("/ok")).text()).toBe("ok");
      const res = await server.fetch("/other");
      expect(res.status).toBe(500);
      const expected = "`server.ts` must export default a fetch handler (an h3 or Hono app, `{ fetch(request) }` or `defineHandler((event) => ...)`), got `42`.";
      expect(await res.json()).toMatchObject({ status: 500, message: expected });
      expect(server.output()).toContain(`[edgeplate] ${expected}`);
    } finally {
      await server.stop();
    }
  });
});

describe("Nitro config keys", () => {
  const load = (config: string, dev = false) => {
    const app = createLinkedApp({ files: { "edgeplate.config.ts": config } });
    dirs.push(app);
    return loadOptions({ rootDir: app, dev });
  };

  it("names the Edgeplate equivalent of a key it has no support for, in one line", async () => {
    const error = (await load(`import { defineConfig } from "edgeplate";\nexport default defineConfig({ modules: ["./my-module"] } as never);\n`).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      /^\[edgeplate\] \[config\] Nitro's `modules` option in `.+edgeplate\.config\.ts` has no Edgeplate equivalent: Edgeplate has no modules: add Rollup plugins with `rollupPlugins` and runtime plugins in `plugins\/`\. Remove it from the config\.$/,
    );
    const unknown = (await load(`export default { nonsense: 1 };\n`).catch((e: Error) => e)) as Error;
    expect(unknown.message).toMatch(/unknown option `nonsense`/);
  });

  it("takes Nitro's `features.websocket` as `websocket` (`runtimeHooks` is always on) and names what else `features` may hold", async () => {
    expect((await load(`export default { features: { websocket: true, runtimeHooks: true } };\n`)).config.websocket).toBe(true);
    const error = (await load(`export default { features: { streaming: true } };\n`).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      /^\[edgeplate\] \[config\] `features\.streaming` in `.+` is not supported: Edgeplate knows `features\.websocket` \(its `websocket` option\) and `features\.runtimeHooks` \(always on\)\.$/,
    );
  });

  it("scans routes, middleware and plugins under `serverDir`, as Nitro's `serverDir: true` (`./server`) does", async () => {
    const server = await serve({
      "edgeplate.config.ts": `export default defineNitroConfig({ serverDir: true });\n`,
      "server/routes/index.ts": `import { defineHandler } from "edgeplate";\nexport default defineHandler((event) => ({ from: "server/routes", user: event.context.user }));\n`,
      "server/api/ping.ts": `export default () => "pong";\n`,
      "server/middleware/user.ts": `import { defineMiddleware } from "edgeplate";\nexport default defineMiddleware((event) => { event.context.user = "ada"; });\n`,
      "routes/ignored.ts": `export default () => "the app root's routes/ is not scanned then";\n`,
    });
    try {
      expect(await (await server.fetch("/")).json()).toEqual({ from: "server/routes", user: "ada" });
      expect(await (await server.fetch("/api/ping")).text()).toBe("pong");
      expect((await server.fetch("/ignored")).status).toBe(404);
    } finally {
      await server.stop();
    }
    const error = (await load(`export default { serverDir: "./nowhere" };\n`).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/`serverDir: "\.\/nowhere"` in `.+` names a folder that does not exist\./);
  });

  it("passes `vercel.functions`, `vercel.regions`, `vercel.config` and `cloudflare.wrangler` on to the host's files, and names what it does not", async () => {
    const app = createLinkedApp({
      platforms: ["vercel", "cloudflare"],
      files: {
        "routes/hello.ts": `export default () => "hi";\n`,
        "edgeplate.config.ts": `export default defineNitroConfig({
  vercel: { functions: { maxDuration: 30, memory: 1024 }, regions: ["fra1"], config: { routes: [{ src: "/legacy", dest: "/hello" }] } },
  cloudflare: { wrangler: { vars: { GREETING: "hi" }, compatibility_flags: ["nodejs_als"] } },
});\n`,
      },
    });
    dirs.push(app);
    const vercel = await buildAndCopyTo(app, "vercel");
    const fn = JSON.parse(readFileSync(join(vercel, ".vercel/output/functions/__server.func/.vc-config.json"), "utf8"));
    expect(fn).toMatchObject({ maxDuration: 30, memory: 1024, regions: ["fra1"], handler: "index.mjs", launcherType: "Nodejs" });
    const routes = JSON.parse(readFileSync(join(vercel, ".vercel/output/config.json"), "utf8")).routes;
    expect(routes[0]).toEqual({ src: "/legacy", dest: "/hello" });
    expect(routes.length).toBeGreaterThan(1);
    const cloudflare = await buildAndCopyTo(app, "cloudflare");
    const wrangler = JSON.parse(readFileSync(join(cloudflare, ".output/server/wrangler.json"), "utf8"));
    expect(wrangler.vars).toEqual({ GREETING: "hi" });
    expect(wrangler.compatibility_flags).toContain("nodejs_als");
    expect(wrangler.main).toBe("index.mjs");
    const error = (await load(`export default { cloudflare: { nodeCompat: true } };\n`).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^\[edgeplate\] \[config\] `cloudflare\.nodeCompat` in `.+` is not supported: Edgeplate passes on `cloudflare\.wrangler` only; /);
  });

  it('maps `preset`, `devProxy` (dev only), `routes`, `traceDeps`, and accepts `compatibilityDate` and `serverDir: "./"`', async () => {
    const config = `export default defineNitroConfig({
  preset: "node",
  compatibilityDate: "2025-07-15",
  imports: false,
  hooks: {},
  modules: [],
  serverDir: "./",
  devProxy: { "/upstream": "http://127.0.0.1:9/base" },
  routes: { "/v": "#v" },
  traceDeps: ["sharp"],
});\n`;
    const dev = await load(config, true);
    expect(dev.preset.name).toBe("node-server");
    expect(dev.routeRules["/upstream/**"]).toEqual({ proxy: { to: "http://127.0.0.1:9/base/**" } });
    expect(dev.handlers).toEqual([{ route: "/v", handler: "#v" }]);
    expect(dev.preset.traceDeps).toContain("sharp");
    const built = await load(config);
    expect(built.routeRules["/upstream/**"]).toBeUndefined();
  });
});
