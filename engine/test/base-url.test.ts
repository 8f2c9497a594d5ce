import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOptions } from "../src/build/options.ts";
import { startBuilt, startDev, type BuiltServer, type RunningServer } from "../src/testing/index.ts";
import { removeDir } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// Nitro's `baseURL`: an app served under `/app/`, built and run over real HTTP on node-server and
// Cloudflare (workerd via miniflare), and under `edgeplate dev`.
const app = createLinkedApp({
  platforms: ["node-server", "cloudflare"],
  files: {
    "edgeplate.config.ts": `import { defineConfig } from "edgeplate";
export default defineConfig({
  baseURL: "/app",
  spa: true,
  openapi: true,
  routeRules: { "/api/**": { headers: { "x-rule": "api" } } },
  prerender: { routes: ["/about"] },
});\n`,
    "public/index.html": "<!doctype html><title>shell</title><p>the app shell</p>",
    "public/logo.txt": "a logo",
    "routes/about.ts": `export default () => "about page";\n`,
    "routes/api/hello.ts": `export default () => ({ hello: "world" });\n`,
    "routes/api/in-process.ts": `import { serverFetch } from "edgeplate";
export default async () => ({ fromInside: await (await serverFetch("/app/api/hello")).json() });\n`,
    "routes/config.ts": `import { useRuntimeConfig } from "edgeplate/runtime-config";
export default () => ({ runtime: useRuntimeConfig().app.baseURL, meta: import.meta.baseURL });\n`,
  },
});
afterAll(() => removeDir(app));

const html = { headers: { accept: "text/html" } };

function checks(start: () => Promise<RunningServer>, opts: { prerendered: boolean }) {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.stop());

  it("serves routes, route rules and in-process fetches under the base", async () => {
    const hello = await server.fetch("/app/api/hello");
    expect(hello.status).toBe(200);
    expect(hello.headers.get("x-rule")).toBe("api");
    expect(await hello.json()).toEqual({ hello: "world" });
    expect(await (await server.fetch("/app/api/in-process")).json()).toEqual({ fromInside: { hello: "world" } });
    expect(await (await server.fetch("/app/config")).json()).toEqual({ runtime: "/app/", meta: "/app/" });
  });

  it("sends a page read outside the base under it (302, as Nitro), and 404s anything else", async () => {
    const outside = await server.fetch("/api/hello?x=1", { redirect: "manual" });
    expect(outside.status).toBe(302);
    expect(outside.headers.get("location")).toBe("/app/api/hello?x=1");
    expect((await server.fetch("/api/hello", { method: "POST", redirect: "manual" })).status).toBe(404);
  });

  it("serves public files, the SPA shell and prerendered pages under the base", async () => {
    expect(await (await server.fetch("/app/logo.txt")).text()).toBe("a logo");
    expect((await server.fetch("/logo.txt", { redirect: "manual" })).status).toBe(302);
    const deep = await server.fetch("/app/notes/42", html);
    expect(await deep.text()).toContain("the app shell");
    // An unknown API path stays a 404, even for a browser (JSON in production, dev's error page in dev).
    const api = await server.fetch("/app/api/nope", html);
    expect(api.status).toBe(404);
    expect(await api.text()).not.toContain("the app shell");
    const about = await server.fetch("/app/about");
    expect(await about.text()).toBe("about page");
    if (opts.prerendered) expect(about.headers.get("etag")).toBeTruthy();
  });

  it("serves the OpenAPI document under the base, its server URL carrying it", async () => {
    const doc = (await (await server.fetch("/app/_openapi.json")).json()) as { servers?: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.servers).toEqual([{ url: "/app/" }]);
    expect(Object.keys(doc.paths)).toContain("/api/hello");
  });
}

describe.each(["node-server", "cloudflare"])("baseURL /app/ on %s", (platform) => {
  checks(() => startBuilt(app, { platform }), { prerendered: true });
});

describe("baseURL /app/ under edgeplate dev", () => {
  checks(() => startDev(app), { prerendered: false });
});

describe("EDGEPLATE_APP_BASE_URL", () => {
  let server: BuiltServer | undefined;
  afterAll(() => server?.stop());

  it("at run time changes useRuntimeConfig().app.baseURL only (the routes were compiled under the built base), as NITRO_APP_BASE_URL does", async () => {
    server = await startBuilt(app, { platform: "node-server", env: { EDGEPLATE_APP_BASE_URL: "/elsewhere/" } });
    expect(await (await server.fetch("/app/config")).json()).toEqual({ runtime: "/elsewhere/", meta: "/app/" });
  });
});

describe("resolving baseURL", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const load = (config: string) => {
    const dir = createLinkedApp({ files: { "edgeplate.config.ts": config } });
    dirs.push(dir);
    return loadOptions({ rootDir: dir });
  };

  it("reads `app.baseURL`, then EDGEPLATE_APP_BASE_URL at build time; rule patterns, public folders and prerender routes are relative to it", async () => {
    const fromApp = await load(
      `export default { app: { baseURL: "docs" }, routeRules: { "GET /x/**": { cors: true } }, publicAssets: [{ dir: "assets", baseURL: "/static" }], prerender: { routes: ["/"] } };\n`,
    );
    expect(fromApp.baseURL).toBe("/docs/");
    expect(Object.keys(fromApp.routeRules)).toEqual(["GET /docs/x/**"]);
    expect(fromApp.publicAssets[0]!.baseURL).toBe("/docs/static");
    expect(fromApp.prerender.routes).toEqual(["/docs/"]);
    expect((fromApp.runtimeConfig as { app: { baseURL: string } }).app.baseURL).toBe("/docs/");
    process.env.EDGEPLATE_APP_BASE_URL = "/from-env/";
    try {
      expect((await load(`export default {};\n`)).baseURL).toBe("/from-env/");
      expect((await load(`export default { baseURL: "/config-wins/" };\n`)).baseURL).toBe("/config-wins/");
    } finally {
      delete process.env.EDGEPLATE_APP_BASE_URL;
    }
    await expect(load(`export default { baseURL: "/a?b" };\n`)).rejects.toThrow(
      /^\[edgeplate\] \[config\] `baseURL` in `.+` must be a path such as `"\/app\/"`, got `"\/a\?b"`\.$/,
    );
  });
});
