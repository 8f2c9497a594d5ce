import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, startBuilt, watchPage, type BuiltServer } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const UI = { timeout: 5_000 };
const NO_CHROMIUM = missingChromium();

describe.skipIf(NO_CHROMIUM)(`vue-ssr, built for node-server, in Chromium ${NO_CHROMIUM || ""}`, () => {
  const ctx = {} as { server: BuiltServer; browser: Browser };
  beforeAll(async () => void ([ctx.server, ctx.browser] = await Promise.all([startBuilt(root, { platform: "node-server" }), chromium.launch(chromiumLaunchOptions())])));
  afterAll(() => Promise.all([ctx.browser?.close(), ctx.server?.stop()]));

  it("sends the page with its data already in the HTML, fetched in-process during rendering, streamed", async () => {
    const res = await ctx.server.fetch("/guide", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Streamed as Vue renders it: no length known up front.
    expect(res.headers.get("content-length")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<p data-testid="greeting">Hello from the Edgeplate API</p>');
    expect(html).toContain("The server fetched this in-process, while rendering /guide.");
    expect(html).toMatch(/<p data-testid="count" role="status">Clicked \d+ times?\.<\/p>/);
    expect(html).toContain('<script type="application/json" id="page-state">');
    // The same API over the network says so: the page's `in-process` is the renderer's own `$fetch`.
    expect(await (await ctx.server.fetch("/api/greeting")).json()).toEqual({ message: "Hello from the Edgeplate API", via: "network" });
  });

  it("shows the data with JavaScript disabled: nothing but the server's HTML", async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}/no-js`);
    expect(await page.getByTestId("greeting").textContent()).toBe("Hello from the Edgeplate API");
    expect(await page.getByTestId("via").textContent()).toBe("The server fetched this in-process, while rendering /no-js.");
    expect(await page.getByTestId("count").textContent()).toMatch(/^Clicked \d+ times?\.$/);
    expect(await page.locator("html").getAttribute("data-hydrated")).toBeNull();
    await context.close();
  });

  it("hydrates: a click calls the API and updates the page, and the next render has the new count", async () => {
    const page = await ctx.browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(ctx.server.url);
    await page.locator("html[data-hydrated=true]").waitFor();
    const before = Number(/\d+/.exec((await page.getByTestId("count").textContent()) ?? "")![0]);
    const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/clicks");
    await page.getByRole("button", { name: "Click me" }).click();
    await posted;
    await expect.poll(() => page.getByTestId("count").textContent(), UI).toBe(`Clicked ${before + 1} ${before + 1 === 1 ? "time" : "times"}.`);
    // Rendered again on the server, with the stored count.
    const html = await (await ctx.server.fetch("/")).text();
    expect(html).toContain(`Clicked ${before + 1} ${before + 1 === 1 ? "time" : "times"}.`);
    await page.screenshot({ path: "test-results/vue-ssr.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
