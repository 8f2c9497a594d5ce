import { join } from "node:path";
import { chromiumLaunchOptions, missingChromium, startBuilt, watchPage, type BuiltServer } from "edgeplate/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// The UI updates after a request; under load (2 cores, parallel builds) that can take a moment.
const UI = { timeout: 5_000 };
const NO_CHROMIUM = missingChromium();

describe.skipIf(NO_CHROMIUM)(`react-dashboard, built for node-server, in Chromium ${NO_CHROMIUM || ""}`, () => {
  const ctx = {} as { server: BuiltServer; browser: Browser };
  beforeAll(async () => void ([ctx.server, ctx.browser] = await Promise.all([startBuilt(root, { platform: "node-server" }), chromium.launch(chromiumLaunchOptions())])));
  afterAll(() => Promise.all([ctx.browser?.close(), ctx.server?.stop()]));

  // The server counts whole UTC days; a browser in UTC keeps "today" the same on both sides.
  const newPage = () => ctx.browser.newContext({ timezoneId: "UTC" }).then((c) => c.newPage());

  it("records an expense, shows the cached aggregate and keeps it all across reloads", async () => {
    const page = await newPage();
    const { errors } = watchPage(page);
    await page.goto(ctx.server.url);
    await page.getByText("Nothing recorded yet").waitFor();

    await page.getByLabel("Amount (USD)").fill("42.50");
    await page.getByLabel("Category", { exact: true }).selectOption("Travel");
    await page.getByLabel("Note", { exact: true }).fill("Train to the offsite");
    await page.getByRole("button", { name: "Add expense" }).click();
    await page.getByRole("cell", { name: "Train to the offsite" }).waitFor();
    // Adding invalidates the summary, so this answer was computed for us.
    await page.getByRole("status").filter({ hasText: "freshly computed" }).waitFor();
    await expect.poll(() => page.locator(".kpis dd").first().textContent(), UI).toBe("$42.50");

    await page.reload();
    await page.getByRole("cell", { name: "Train to the offsite" }).waitFor();
    await page.getByRole("status").filter({ hasText: "served from cache" }).waitFor();
    await expect.poll(() => page.locator(".kpis dd").first().textContent(), UI).toBe("$42.50");
    await expect.poll(() => page.getByRole("row", { name: /Travel/ }).count(), UI).toBe(1);
    await page.screenshot({ path: "test-results/react-dashboard.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps each viewer's period and theme in their own preferences", async () => {
    const page = await newPage();
    await page.goto(ctx.server.url);
    await page.getByText("Spent in 30 days").waitFor();
    await page.getByLabel("7 days").check();
    await page.getByText("Spent in 7 days").waitFor();
    await page.getByLabel("Theme").selectOption("dark");
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), UI).toBe("dark");
    // The stylesheet really switches: the page background is the dark one.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe("rgb(10, 15, 28)");
    await page.waitForLoadState("networkidle");

    await page.reload();
    await page.getByText("Spent in 7 days").waitFor();
    await expect.poll(() => page.getByLabel("Theme").inputValue(), UI).toBe("dark");

    // Another viewer (no cookie) still has the defaults.
    const other = await newPage();
    await other.goto(ctx.server.url);
    await other.getByText("Spent in 30 days").waitFor();
    await Promise.all([page.close(), other.close()]);
  });

  it("shows the server's field errors for a bad amount and a future day", async () => {
    const page = await newPage();
    await page.goto(ctx.server.url);
    await page.getByLabel("Amount (USD)").fill("-5");
    await page.getByLabel("Day", { exact: true }).fill("2999-01-01");
    await page.getByRole("button", { name: "Add expense" }).click();
    await expect.poll(() => page.locator("#expense-amount-error").textContent(), UI).toBe("The amount must be more than 0.");
    await expect.poll(() => page.locator("#expense-date-error").textContent(), UI).toBe("The day cannot be in the future.");
    await expect.poll(() => page.getByLabel("Amount (USD)").getAttribute("aria-invalid"), UI).toBe("true");
    await page.close();
  });
});
