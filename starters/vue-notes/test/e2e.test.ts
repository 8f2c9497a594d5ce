import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, startBuilt, watchPage, type BuiltServer } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// The UI updates after a request; under load (2 cores, parallel builds) that can take a moment.
const UI = { timeout: 5_000 };
const NO_CHROMIUM = missingChromium();

describe.skipIf(NO_CHROMIUM)(`vue-notes, built for node-server, in Chromium ${NO_CHROMIUM || ""}`, () => {
  const ctx = {} as { server: BuiltServer; browser: Browser };
  beforeAll(async () => void ([ctx.server, ctx.browser] = await Promise.all([startBuilt(root, { platform: "node-server" }), chromium.launch(chromiumLaunchOptions())])));
  afterAll(() => Promise.all([ctx.browser?.close(), ctx.server?.stop()]));

  it("creates, edits, finds and deletes notes that persist in SQLite across reloads", async () => {
    const page = await ctx.browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(ctx.server.url);
    await page.getByText("No notes yet.").waitFor();

    await page.getByRole("button", { name: "New note" }).click();
    await page.getByLabel("Title").fill("Release checklist");
    await page.getByLabel("Text").fill("Tag the release, publish the changelog.");
    // The UI calls the API through `$fetch` from `edgeplate/client` (ofetch): the object goes out as
    // JSON with ofetch's own `accept: application/json`, which a plain `fetch` would not add.
    const created = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/notes");
    await page.getByRole("button", { name: "Create note" }).click();
    const request = await created;
    expect(request.headers()).toMatchObject({ "content-type": "application/json", accept: "application/json" });
    expect(request.postDataJSON()).toMatchObject({ title: "Release checklist", body: "Tag the release, publish the changelog." });
    await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    const noteUrl = page.url();

    // A deep link reloads through the server's SPA fallback and the note comes back from the database.
    await page.reload();
    await expect.poll(() => page.getByLabel("Title").inputValue(), UI).toBe("Release checklist");
    await page.getByLabel("Text").fill("Tag the release, publish the changelog, tweet.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await page.goto(ctx.server.url);
    await page.getByRole("button", { name: "New note" }).click();
    await page.getByLabel("Title").fill("Groceries");
    await page.getByRole("button", { name: "Create note" }).click();
    await page.getByRole("link", { name: /Groceries/ }).waitFor();
    await page.getByRole("searchbox", { name: "Search notes" }).fill("TWEET");
    await page.getByRole("link", { name: /Groceries/ }).waitFor({ state: "detached" });
    await expect.poll(() => page.getByRole("link", { name: /Release checklist/ }).isVisible(), UI).toBe(true);

    await page.goto(noteUrl);
    await expect.poll(() => page.getByLabel("Text").inputValue(), UI).toContain("tweet");
    await page.screenshot({ path: "test-results/vue-notes.png", fullPage: true });
    await page.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(ctx.server.url + "/");
    await page.reload();
    await page.getByRole("link", { name: /Groceries/ }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: /Release checklist/ }).count(), UI).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the server's field errors for a note without a title", async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.url}/notes/new`);
    await page.getByLabel("Text").fill("A body but no title");
    await page.getByRole("button", { name: "Create note" }).click();
    await expect.poll(() => page.locator("#note-title-error").textContent(), UI).toBe("Give the note a title.");
    await expect.poll(() => page.getByLabel("Title").getAttribute("aria-invalid"), UI).toBe("true");
    await page.getByLabel("Title").fill("x".repeat(121));
    await page.getByRole("button", { name: "Create note" }).click();
    await page.locator("#note-title-error", { hasText: "under 120 characters" }).waitFor();
    await page.close();
  });

  it("keeps unknown API paths a JSON 404", async () => {
    const res = await fetch(`${ctx.server.url}/api/notes/x/y`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe(true);
  });
});
