import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDevServer, loadOptions } from "../src/build/index.ts";
import { buildViteApp, findViteConfig } from "../src/vite/cli.ts";
import { createServerMatcher } from "../src/vite/matcher.ts";
import { freePort, removeDir, startServer, startViteDev } from "./helpers.ts";

const links = join(import.meta.dirname, "../../starters/vanilla-links");
const scratch = (name: string) => join(import.meta.dirname, `.tmp/${name}-${process.pid}`);

/** Writes files (path → text) into `root`, creating folders as needed. */
function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

/**
 * A tiny Vite SPA with an API route: `viteConfig` is spread into its `vite.config.mjs` before the
 * `edgeplate()` plugin, `files` add to or replace its files.
 */
function writeViteApp(root: string, viteConfig: string, files: Record<string, string> = {}): void {
  writeFiles(root, {
    "package.json": `{ "type": "module" }\n`,
    "index.html": `<!doctype html><title>scratch</title><link rel="icon" href="/favicon.svg" /><script type="module" src="/src/main.js"></script>\n`,
    "src/main.js": `document.body.append("client ran");\n`,
    "public/favicon.svg": `<svg xmlns="http://www.w3.org/2000/svg" id="favicon"/>\n`,
    "api/hello.ts": `export default () => ({ hello: "api" });\n`,
    "vite.config.mjs": `import { edgeplate } from "edgeplate/vite";\nexport default { ...${viteConfig}, plugins: [edgeplate()] };\n`,
    ...files,
  });
}

const html = { headers: { accept: "text/html" } };

describe("edgeplate/vite", () => {
  it("exports only the plugin (also under Nitro's name)", async () => {
    // Resolves to vite.mjs (which jiti-loads the TypeScript source): the file users' configs import.
    const mod = await import("edgeplate/vite");
    expect(Object.keys(mod).sort()).toEqual(["default", "edgeplate", "nitro"]);
    expect(mod.nitro).toBe(mod.edgeplate);
    const plugins = mod.edgeplate();
    expect(plugins.map((p) => p.name)).toEqual(["edgeplate:config", "edgeplate:dev", "edgeplate:build"]);
  });

  it("sends the app's routes, every /api path and every write to the server, the rest to Vite", async () => {
    const isServerRequest = createServerMatcher(links);
    const cases: [string, string, boolean][] = [
      ["GET", "/api/links", true],
      ["GET", "/api/not-a-route?x=1", true],
      ["HEAD", "/s/abc", true],
      ["POST", "/anything", true],
      ["GET", "/", false],
      ["GET", "/src/main.ts?t=1", false],
      ["GET", "/@vite/client", false],
      ["GET", "/node_modules/.vite/deps/x.js", false],
      ["GET", "/notes/deep/link", false],
      // The engine's own dev routes: the OpenAPI document and its reference page.
      ["GET", "/_openapi.json", true],
      ["HEAD", "/_docs", true],
    ];
    const answers = await Promise.all(cases.map(([method, url]) => isServerRequest(method, url)));
    expect(cases.map(([method, url], i) => [method, url, answers[i]])).toEqual(cases);
  });

  describe("an app folder whose name has glob characters", () => {
    // `(`, `)`, `[`, `]`: a glob escaped with backslashes, as the plugin once gave Vite, matched nothing there.
    const root = scratch("vite-watch (copy) [1]");
    afterAll(() => removeDir(root));

    it("keeps the server's build output out of Vite's watcher, and the app's sources in it", async () => {
      writeViteApp(root, "{}");
      const { server } = await startViteDev(root);
      try {
        const seen: string[] = [];
        server.watcher.on("all", (_event: string, path: string) => seen.push(path.replaceAll("\\", "/")));
        await new Promise((r) => setTimeout(r, 100));
        writeFiles(root, { ".edgeplate/dev/probe/index.mjs": "export {};\n", ".output/server/index.mjs": "export {};\n" });
        writeFileSync(join(root, "src/main.js"), `document.body.append("edited");\n`);
        await expect.poll(() => seen.some((path) => path.endsWith("/src/main.js")), { timeout: 5000 }).toBe(true);
        // The writes under .edgeplate and .output came first: their events would have arrived by now.
        await new Promise((r) => setTimeout(r, 300));
        expect(seen.filter((path) => path.includes("/.edgeplate/") || path.includes("/.output/"))).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });

  describe("the engine's dev routes", () => {
    const root = scratch("vite-openapi");
    afterAll(() => removeDir(root));

    it("`vite dev` serves /_openapi.json and /_docs from the app's server, not Vite's SPA shell", async () => {
      writeViteApp(root, `{}`);
      const { server, url } = await startViteDev(root);
      try {
        const doc = await fetch(`${url}/_openapi.json`);
        expect(doc.headers.get("content-type")).toMatch(/^application\/json/);
        const body = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
        expect(body.openapi).toMatch(/^3\.1\./);
        expect(Object.keys(body.paths)).toEqual(["/api/hello"]);
        const docs = await fetch(`${url}/_docs`, html);
        expect(docs.status).toBe(200);
        const page = await docs.text();
        expect(page).toContain("@scalar/api-reference");
        expect(page).not.toContain("<title>scratch</title>");
      } finally {
        await server.close();
      }
    });
  });

  describe("edgeplate build in a Vite app", () => {
    const root = join(import.meta.dirname, `.tmp/vite-no-plugin-${process.pid}`);
    afterAll(() => removeDir(root));

    it("says how to fix a vite.config without the edgeplate() plugin", async () => {
      mkdirSync(join(root, "api"), { recursive: true });
      writeFileSync(join(root, "index.html"), "<!doctype html><title>x</title><p>x</p>\n");
      writeFileSync(join(root, "vite.config.mjs"), "export default {};\n");
      writeFileSync(join(root, "api/hello.ts"), "export default () => 'hi';\n");
      expect(findViteConfig(root)).toBe(join(root, "vite.config.mjs"));
      await expect(buildViteApp(root, {}, { logLevel: "silent" })).rejects.toThrow(/add `edgeplate\(\)` from `edgeplate\/vite` to `plugins`/);
    });
  });

  describe("a Vite `base`", () => {
    const root = scratch("vite-base");
    afterAll(() => removeDir(root));

    it("serves the client and Vite's public dir under the base, deep links under it get the SPA, API routes keep their paths", async () => {
      writeViteApp(root, `{ base: "/app/" }`);
      await buildViteApp(root, {}, { logLevel: "silent" });
      const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: root });
      try {
        const shell = await (await fetch(`${server.url}/app/`, html)).text();
        expect(shell).toContain(`src="/app/assets/`);
        expect(shell).toContain(`href="/app/favicon.svg"`);
        const favicon = await fetch(`${server.url}/app/favicon.svg`);
        expect([favicon.status, await favicon.text()]).toEqual([200, `<svg xmlns="http://www.w3.org/2000/svg" id="favicon"/>\n`]);
        const script = shell.match(/src="(\/app\/assets\/[^"]+)"/)![1]!;
        expect(await (await fetch(`${server.url}${script}`)).text()).toContain("client ran");
        const deep = await fetch(`${server.url}/app/notes/3`, html);
        expect([deep.status, await deep.text()]).toEqual([200, shell]);
        // Outside the base there is no app: no shell, at `/` or deeper.
        for (const path of ["/", "/notes/3"]) expect((await fetch(`${server.url}${path}`, html)).status, path).toBe(404);
        expect(await (await fetch(`${server.url}/api/hello`)).json()).toEqual({ hello: "api" });
        expect((await fetch(`${server.url}/app/api/hello`)).status).toBe(404);
      } finally {
        await server.stop();
      }
    });

    it("is served the same way by `vite dev`", async () => {
      const { server, url } = await startViteDev(root);
      try {
        expect(await (await fetch(`${url}/app/`, html)).text()).toContain(`src="/app/src/main.js"`);
        expect((await fetch(`${url}/app/favicon.svg`)).headers.get("content-type")).toMatch(/^image\/svg\+xml/);
        expect(await (await fetch(`${url}/app/notes/3`, html)).text()).toContain("<title>scratch</title>");
        expect(await (await fetch(`${url}/api/hello`)).json()).toEqual({ hello: "api" });
      } finally {
        await server.close();
      }
    });
  });

  describe("a Vite `publicDir` and `build.outDir`", () => {
    const root = scratch("vite-dirs");
    afterAll(() => removeDir(root));

    it("serves the files of a custom `publicDir` from the built server", async () => {
      writeViteApp(root, `{ publicDir: "static" }`, { "static/logo.svg": `<svg id="logo"/>\n` });
      await buildViteApp(root, {}, { logLevel: "silent" });
      const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: root });
      try {
        const logo = await fetch(`${server.url}/logo.svg`);
        expect([logo.status, await logo.text()]).toEqual([200, `<svg id="logo"/>\n`]);
      } finally {
        await server.stop();
      }
    });

    it("keeps the client when `outDir` is the platform's public folder (Netlify's `dist/`)", async () => {
      writeViteApp(root, `{ build: { outDir: "dist" } }`);
      await buildViteApp(root, { platform: "netlify" }, { logLevel: "silent" });
      const dist = join(root, "dist");
      expect(readFileSync(join(dist, "index.html"), "utf8")).toContain(`src="/assets/`);
      expect(readdirSync(join(dist, "assets")).some((f) => f.endsWith(".js"))).toBe(true);
      expect(existsSync(join(dist, "favicon.svg"))).toBe(true);
      expect(existsSync(join(root, ".netlify/functions-internal/server/server.mjs"))).toBe(true);
    });
  });

  describe("`.env` in dev", () => {
    const root = scratch("vite-dotenv");
    const names = ["EDGEPLATE_GREETING", "EDGEPLATE_SHELL_WINS"];
    afterAll(() => {
      for (const name of names) delete process.env[name];
      removeDir(root);
    });

    it("overrides runtime config from `.env` in dev, never over the shell's variables, and not in a build", async () => {
      writeFiles(root, {
        "package.json": `{ "type": "module" }\n`,
        "edgeplate.config.ts": `export default { runtimeConfig: { greeting: "from config", shellWins: "from config" } };\n`,
        "routes/config.ts": `import { useRuntimeConfig } from "edgeplate/runtime-config";\nexport default () => useRuntimeConfig();\n`,
        ".env": `EDGEPLATE_GREETING=from .env\nEDGEPLATE_SHELL_WINS=from .env\n`,
      });
      process.env.EDGEPLATE_SHELL_WINS = "from the shell";
      await loadOptions({ rootDir: root });
      expect(process.env.EDGEPLATE_GREETING).toBeUndefined();
      const port = await freePort();
      const server = await createDevServer({ rootDir: root, port, host: "127.0.0.1" });
      try {
        expect(await (await fetch(`http://127.0.0.1:${port}/config`)).json()).toEqual({ greeting: "from .env", shellWins: "from the shell", app: { baseURL: "/" } });
      } finally {
        await server.close();
      }
    });
  });
});
