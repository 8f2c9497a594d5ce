import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, startBuilt, watchPage, type BuiltServer } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// The UI updates after a request; under load (2 cores, parallel builds) that can take a moment.
const UI = { timeout: 5_000 };
const NO_CHROMIUM = missingChromium();

describe.skipIf(NO_CHROMIUM)(`vanilla-links, built for node-server, in Chromium ${NO_CHROMIUM || ""}`, () => {
  const ctx = {} as { server: BuiltServer; browser: Browser };
  beforeAll(async () => void ([ctx.server, ctx.browser] = await Promise.all([startBuilt(root, { platform: "node-server" }), chromium.launch(chromiumLaunchOptions())])));
  afterAll(() => Promise.all([ctx.browser?.close(), ctx.server?.stop()]));

  it("shortens a link, keeps it across a reload and counts its clicks", async () => {
    const page = await ctx.browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(ctx.server.url);
    await expect.poll(() => page.getByRole("heading", { name: "Links", level: 1 }).isVisible(), UI).toBe(true);
    await page.getByText("No links yet").waitFor();

    await page.getByLabel("Address").fill("https://example.com/docs/getting-started");
    await page.getByLabel(/Short name/).fill("docs");
    await page.getByRole("button", { name: "Shorten" }).click();
    await page.getByRole("link", { name: "/s/docs" }).waitFor();

    // The redirect is the server's (a route file), and each follow is counted in KV storage.
    const hop = await fetch(`${ctx.server.url}/s/docs`, { redirect: "manual" });
    expect(hop.status).toBe(302);
    expect(hop.headers.get("location")).toBe("https://example.com/docs/getting-started");
    expect(hop.headers.get("x-robots-tag")).toBe("noindex");

    await page.reload();
    const row = page.locator("tr", { has: page.getByRole("link", { name: "/s/docs" }) });
    await expect.poll(() => row.locator(".hits").textContent(), UI).toBe("1");
    await page.screenshot({ path: "test-results/vanilla-links.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the server's field errors for a bad address and a taken name", async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.server.url);
    await page.getByLabel("Address").fill("not a web address");
    await page.getByRole("button", { name: "Shorten" }).click();
    await expect.poll(() => page.locator("#url-error").textContent(), UI).toBe("Enter a full address starting with http:// or https://.");
    await expect.poll(() => page.getByLabel("Address").getAttribute("aria-invalid"), UI).not.toBeNull();

    await page.getByLabel("Address").fill("https://example.org/");
    await page.getByLabel(/Short name/).fill("docs");
    await page.getByRole("button", { name: "Shorten" }).click();
    await expect.poll(() => page.locator("#slug-error").textContent(), UI).toBe("That short name is taken. Pick another one.");
    await page.close();
  });

  it("answers deep links with the SPA, unknown API paths with JSON 404, and applies route rules", async () => {
    const deep = await fetch(`${ctx.server.url}/some/page`, { headers: { accept: "text/html" } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("<title>Links");
    const api = await fetch(`${ctx.server.url}/api/unknown`, { headers: { accept: "text/html" } });
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
    const html = await (await fetch(ctx.server.url)).text();
    const asset = /\/assets\/[\w-]+\.js/.exec(html)![0];
    const res = await fetch(ctx.server.url + asset);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
