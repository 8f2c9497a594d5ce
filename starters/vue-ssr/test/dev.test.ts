import { cpSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, watchPage } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const starter = join(import.meta.dirname, "..");
// A copy in the starter's gitignored `.edgeplate/`, so its data and Vite cache are its own.
const root = join(starter, `.edgeplate/dev-test-${process.pid}`);
const NO_CHROMIUM = missingChromium();
const SKIP = ["node_modules", ".edgeplate", ".output", ".data", "test", "dist", ".netlify", ".vercel"];

describe.skipIf(NO_CHROMIUM)(`vue-ssr under \`vite dev\` ${NO_CHROMIUM || ""}`, () => {
  let server: ViteDevServer;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    for (const entry of readdirSync(starter).filter((name) => !SKIP.includes(name))) cpSync(join(starter, entry), join(root, entry), { recursive: true });
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

  it("renders pages on the server and hydrates them from Vite's source of the client", async () => {
    const html = await (await fetch(`${url}/dev-page`, { headers: { accept: "text/html" } })).text();
    expect(html).toContain("The server fetched this in-process, while rendering /dev-page.");
    expect(html).toContain('src="/app/client.ts"');
    const page = await browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(`${url}/dev-page`);
    await page.locator("html[data-hydrated=true]").waitFor();
    await page.getByRole("button", { name: "Click me" }).click();
    await expect.poll(() => page.getByTestId("count").textContent(), { timeout: 5_000 }).toBe("Clicked 1 time.");
    expect(errors).toEqual([]);
    await page.close();
  });
});
