import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, watchPage } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const starter = join(import.meta.dirname, "..");
// A copy, so edits never race with the builds other test files make of the starter. It sits in
// the starter's gitignored `.edgeplate/` so node_modules resolve exactly as for the starter itself.
const root = join(starter, `.edgeplate/dev-test-${process.pid}`);
const NO_CHROMIUM = missingChromium();
const SKIP = ["node_modules", ".edgeplate", ".output", ".data", "test", "dist", ".netlify", ".vercel"];

function edit(file: string, change: (source: string) => string): void {
  const path = join(root, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

describe.skipIf(NO_CHROMIUM)(`vue-notes under \`vite dev\` ${NO_CHROMIUM || ""}`, () => {
  let server: ViteDevServer;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    for (const entry of readdirSync(starter).filter((name) => !SKIP.includes(name))) {
      cpSync(join(starter, entry), join(root, entry), { recursive: true });
    }
    process.env.EDGEPLATE_DATA_DIR = join(root, ".data");
    const { createServer } = await import("vite");
    server = await createServer({
      root,
      configFile: join(root, "vite.config.ts"),
      cacheDir: join(root, ".edgeplate/vite"),
      logLevel: "warn",
      server: { port: 0, host: "127.0.0.1" },
    });
    await server.listen();
    url = server.resolvedUrls!.local[0]!.replace(/\/$/, "");
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("serves the SPA with Vite and the API from the same port", async () => {
    const html = await (await fetch(url, { headers: { accept: "text/html" } })).text();
    expect(html).toContain("/@vite/client");
    const created = await fetch(`${url}/api/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "From dev" }) });
    expect(created.status).toBe(201);
    expect((await (await fetch(`${url}/api/notes`)).json()).notes.map((n: { title: string }) => n.title)).toEqual(["From dev"]);
    // Unknown API paths stay the server's JSON 404, while other deep links get Vite's SPA page.
    expect((await fetch(`${url}/api/nope`)).status).toBe(404);
    expect(await (await fetch(`${url}/notes/abc`, { headers: { accept: "text/html" } })).text()).toContain("/@vite/client");
  });

  it("answers with an edited or added route file on the very next request", async () => {
    edit("api/notes/index.get.ts", (s) => s.replace("({ notes: await", '({ edited: "yes", notes: await'));
    expect((await (await fetch(`${url}/api/notes`)).json()).edited).toBe("yes");
    writeFileSync(join(root, "api/version.get.ts"), 'import { defineHandler } from "edgeplate";\nexport default defineHandler(() => ({ version: 2 }));\n');
    expect(await (await fetch(`${url}/api/version`)).json()).toEqual({ version: 2 });
  });

  it("hot-updates an edited component in the browser without a reload", async () => {
    const page = await browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(url);
    await page.getByRole("link", { name: /From dev/ }).waitFor();
    // Survives HMR, not a full page load.
    await page.evaluate(() => ((window as unknown as { hmrMarker: number }).hmrMarker = 1));
    edit("src/App.vue", (s) => s.replace("<h1>Notes</h1>", "<h1>Team notes</h1>"));
    await page.getByRole("heading", { name: "Team notes", level: 1 }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { hmrMarker?: number }).hmrMarker)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
