// Issue 15: what a Nitro v3 app uses beyond routes, built by `edgeplate build` and run over real
// HTTP on node-server, Cloudflare (workerd via miniflare), Bun and Deno. The fixture
// (fixtures/nitro-compat) was written for this test; each route exercises one feature.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { scanApp } from "../src/build/scan.ts";
import { startBuilt, startDev, type BuiltServer, type RunningServer } from "../src/testing/index.ts";

const fixture = join(import.meta.dirname, "fixtures/nitro-compat");
// Cloudflare reads the same values from the fixture's wrangler.json `vars`.
const ENV = { APP_DOMAIN: "example.com", APP_API_TOKEN: "from-app-prefix" };
// The issue names the first four; Netlify and Vercel serve prerendered files from their CDN, which must be told the type.
const PLATFORMS = ["node-server", "cloudflare", "bun", "deno", "netlify", "vercel"];

const json = async (server: RunningServer, path: string) => {
  const res = await server.fetch(path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
};

describe.each(PLATFORMS)("a Nitro-shaped app on %s", (platform) => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await startBuilt(fixture, { platform, env: ENV });
  });
  afterAll(() => server?.stop());

  it("edgeplate/app: useApp (useNitroApp), its hooks (useHooks, useNitroHooks), fetch and serverFetch in-process, getRouteRules", async () => {
    expect(await json(server, "/app")).toEqual({
      sameApp: true,
      sameHooks: true,
      requestHookRan: true,
      fetched: ["hello from the API", "hello from the API", "hello from the API"],
      rulesHere: {},
      rulesThere: { headers: { "x-rule": "rules" }, cors: {} },
    });
  });

  it("edgeplate/context: useRequest() finds the request across awaits and timers", async () => {
    expect(await json(server, "/context?x=1")).toEqual({ path: "/context?x=1" });
    // Two at once each see their own.
    const [a, b] = await Promise.all([json(server, "/context?n=a"), json(server, "/context?n=b")]);
    expect([a, b]).toEqual([{ path: "/context?n=a" }, { path: "/context?n=b" }]);
  });

  it("html and HTTPResponse from `edgeplate`", async () => {
    const page = await server.fetch("/html?name=%3Cb%3E");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe("<p>&lt;b&gt;</p>");
    const created = await server.fetch("/http-response");
    expect(created.status).toBe(201);
    expect(created.headers.get("x-made-by")).toBe("HTTPResponse");
    expect(await created.text()).toBe("created");
  });

  it("raw:, text: and bytes: imports", async () => {
    expect(await json(server, "/raw")).toEqual({
      sql: "SELECT 1 AS one;",
      bin: { isBytes: true, bytes: Array.from({ length: 256 }, (_, i) => i).join(",") },
      jsonText: { isString: true, text: '{ "kind": "json file" }' },
      noteBytes: { isBytes: true, text: "plain text" },
    });
  });

  it("import attributes: text, bytes and json, static, dynamic and re-exported", async () => {
    expect(await json(server, "/attributes")).toEqual({
      bin: { isBytes: true, length: 256, last: 255 },
      sqlBytes: "SELECT 1 AS one;",
      jsonAsText: { isString: true, text: '{ "kind": "json file" }' },
      json: { kind: "json file" },
      commented: "plain text",
      reexported: "plain text",
      dynamicText: "plain text",
      dynamicBytes: { isBytes: true, text: "plain text" },
    });
  });

  it(".wasm imports: init + named exports, dynamic import, ?module", async () => {
    expect(await (await server.fetch("/wasm/static")).text()).toBe("2+3=5");
    expect(await (await server.fetch("/wasm/dynamic")).text()).toBe("4+5=9");
    expect(await (await server.fetch("/wasm/module")).text()).toBe("isModule=true 7+8=15");
  });

  it("import.meta flags are replaced at build time", async () => {
    expect(await json(server, "/flags")).toEqual({
      dev: false,
      prod: true,
      preset: platform,
      prerender: false,
      server: true,
      client: false,
      nitro: true,
      edgeplate: true,
      baseURL: "/",
      asyncContext: true,
      devOnly: "prod branch",
    });
  });

  it("a `.prod` route ships, a `.dev` one does not, a `.prerender` one only as its prerendered file", async () => {
    expect(await (await server.fetch("/env")).text()).toBe("prod env");
    const info = await server.fetch("/build-info.json");
    expect(info.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await info.json()).toEqual({ builtBy: "prerender", prerender: true });
  });

  it("runtime config: the `envPrefix` variables and `{{VAR}}` expansion", async () => {
    expect(await json(server, "/config")).toEqual({ apiToken: "from-app-prefix", url: "https://example.com/api", untouched: "{{NOT_SET_ANYWHERE}}" });
  });

  it("prerendered routes keep the type they answered with, also where the name says nothing", async () => {
    const data = await server.fetch("/api/prerendered-data");
    // Netlify's and Vercel's previews serve files by name, as their CDN would without the config
    // the build wrote for it: check that config there.
    if (platform === "netlify") expect(readFileSync(join(server.dir, "dist/_headers"), "utf8")).toContain("/api/*\n  content-type: application/json");
    else if (platform === "vercel") {
      const { routes } = JSON.parse(readFileSync(join(server.dir, ".vercel/output/config.json"), "utf8")) as { routes: { src?: string; headers?: Record<string, string> }[] };
      expect(routes.find((r) => r.src === "^(?:/api/prerendered-data)$")?.headers?.["content-type"]).toMatch(/^application\/json/);
    } else expect(data.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await data.json()).toEqual({ prerendered: true });
    const page = await server.fetch("/prerendered-page");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<p>prerendered</p>");
  });

  it("server.ts answers before the renderer, and what it leaves reaches the renderer", async () => {
    const res = await server.fetch("/from-server-entry");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("answered by server.ts");
  });

  it("error.ts with Nitro's signature wraps the default answer, HTTPError's body fields included", async () => {
    const res = await server.fetch("/teapot");
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ wrapped: { error: true, status: 418, statusText: "I'm a Teapot", message: "short and stout", handle: true } });
  });

  it("renderer.handler answers what no route did, streaming, with data fetched in-process; returning nothing passes on", async () => {
    const res = await server.fetch("/some/page");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toBe("<!doctype html><html><body><h1>/some/page</h1><p>hello from the API</p></body></html>");
    // Route rules still apply to rendered pages.
    expect((await server.fetch("/rules/deep/x")).headers.get("x-rule")).toBe("rules");
    const passed = await server.fetch("/renderer-passes");
    expect(passed.status).toBe(404);
    expect(await passed.json()).toMatchObject({ status: 404 });
  });
});

describe("a Nitro-shaped app in `edgeplate dev`", () => {
  let dev: RunningServer;
  beforeAll(async () => {
    dev = await startDev(fixture, { env: ENV });
  });
  afterAll(() => dev?.stop());

  it("keeps `.dev` routes, drops `.prod` ones, and says so in import.meta", async () => {
    expect(await (await dev.fetch("/env")).text()).toBe("dev env");
    expect(await json(dev, "/flags")).toMatchObject({ dev: true, prod: false, devOnly: "DEV-ONLY-BRANCH" });
  });

  it("has the request context, the runtime config rules, the loaders and the renderer too", async () => {
    expect(await json(dev, "/context?in=dev")).toEqual({ path: "/context?in=dev" });
    expect(await json(dev, "/config")).toEqual({ apiToken: "from-app-prefix", url: "https://example.com/api", untouched: "{{NOT_SET_ANYWHERE}}" });
    expect(await (await dev.fetch("/wasm/static")).text()).toBe("2+3=5");
    expect(await json(dev, "/attributes")).toMatchObject({ commented: "plain text", dynamicText: "plain text" });
    expect(await (await dev.fetch("/from-server-entry")).text()).toBe("answered by server.ts");
    expect(await (await dev.fetch("/a/page")).text()).toContain("<h1>/a/page</h1>");
  });
});

describe(".dev / .prod route suffixes", () => {
  it("name the build a route belongs to, and are no part of its path", async () => {
    const routes = async (dev: boolean) => (await scanApp(fixture, { dev })).routes.filter((r) => r.route === "/env").map((r) => `${r.method || "ALL"} ${r.file.split("/").pop()}`);
    expect(await routes(false)).toEqual(["GET index.get.prod.ts"]);
    expect(await routes(true)).toEqual(["ALL index.dev.ts"]);
    const prerenderOnly = async (forPrerender: boolean) => (await scanApp(fixture, { forPrerender })).routes.some((r) => r.route === "/build-info.json");
    expect([await prerenderOnly(false), await prerenderOnly(true)]).toEqual([false, true]);
  });
});

describe("renderer template and index.html", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempApp = (files: Record<string, string>) => {
    mkdirSync(join(import.meta.dirname, ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(import.meta.dirname, ".tmp/nitro-compat-"));
    dirs.push(dir);
    for (const [path, text] of Object.entries({ "package.json": '{ "type": "module" }', ...files })) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };

  it("a server-only app's index.html is the page for every path no route answers", async () => {
    const server = await startBuilt(join(import.meta.dirname, "fixtures/nitro-compat-page"), { platform: "node-server" });
    try {
      const page = await server.fetch("/any/deep/link");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toBe(readFileSync(join(import.meta.dirname, "fixtures/nitro-compat-page/index.html"), "utf8"));
      expect(await (await server.fetch("/api/hello")).json()).toEqual({ message: "hello" });
    } finally {
      await server.stop();
    }
  });

  it("renderer.template names the page; `renderer: false` turns index.html off", async () => {
    const dir = tempApp({
      "page.html": "<p>the page</p>",
      "index.html": "<p>not this one</p>",
      "edgeplate.config.ts": 'export default { renderer: { template: "./page.html" } };',
    });
    const server = await startBuilt(dir, { platform: "node-server" });
    try {
      expect(await (await server.fetch("/x")).text()).toBe("<p>the page</p>");
    } finally {
      await server.stop();
    }
    const off = tempApp({ "index.html": "<p>no</p>", "api/a.ts": "export default () => 'a';", "edgeplate.config.ts": "export default { renderer: false };" });
    const plain = await startBuilt(off, { platform: "node-server" });
    try {
      expect((await plain.fetch("/x")).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });

  it("a Vite app with no index.html builds as a server-only app (no client, no SPA shell)", async () => {
    const dir = tempApp({
      "vite.config.ts": 'import { defineConfig } from "vite";\nimport { edgeplate } from "edgeplate/vite";\nexport default defineConfig({ plugins: [edgeplate()] });\n',
      "api/hello.ts": "export default () => ({ ok: true });",
    });
    const server = await startBuilt(dir, { platform: "node-server" });
    try {
      expect(await (await server.fetch("/api/hello")).json()).toEqual({ ok: true });
      expect((await server.fetch("/x", { headers: { accept: "text/html" } })).status).toBe(404);
      expect(readdirSync(join(server.dir, ".output/public"))).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("useRequest() without experimental.asyncContext says which flag it needs", async () => {
    const dir = tempApp({ "routes/ctx.ts": 'import { useRequest } from "edgeplate/context";\nexport default () => useRequest().url;' });
    const server = await startBuilt(dir, { platform: "node-server" });
    try {
      const res = await server.fetch("/ctx");
      expect(res.status).toBe(500);
      expect((await res.json()).message).toBe("useRequest() needs the async request context: set `experimental: { asyncContext: true }` in edgeplate.config.ts.");
    } finally {
      await server.stop();
    }
  });

  it("a template holding Nitro's template code fails the build, naming the line", async () => {
    const dir = tempApp({ "index.html": "<html>\n<body>\n<?js if (x) { ?>\n</body></html>" });
    await expect(build({ rootDir: dir })).rejects.toThrow(/\[renderer\] `index\.html:3` holds template code \(`<\?js`\).*renderer\.handler/);
  });

  it("an import with an unknown prefix names the prefixes there are, and no package to install", async () => {
    const dir = tempApp({ "routes/x.ts": 'import data from "yaml:./data.yaml";\nexport default () => data;' });
    const error = await build({ rootDir: dir }).catch((e: Error) => e);
    expect(String(error)).toMatch(/`yaml:\.\/data\.yaml` \(imported by .*routes\/x\.ts`\) has an unknown `yaml:` prefix\. Use `raw:`, `text:` or `bytes:`/);
    expect(String(error)).not.toContain("npm install");
  });
});
