import { existsSync } from "node:fs";

// Debian's package path; `CHROMIUM_PATH` points elsewhere (GitHub's runners ship Chrome).
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Why browser tests cannot run here, or `false` when Chromium is installed.
 * @example
 * const NO_CHROMIUM = missingChromium();
 * describe.skipIf(NO_CHROMIUM)(`in Chromium ${NO_CHROMIUM || ""}`, () => { ... });
 */
export function missingChromium(): string | false {
  return !existsSync(CHROMIUM) && `(skipped: needs Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/**
 * Options for playwright-core's `chromium.launch()`: the installed Chromium, headless, and none
 * of the background traffic (updates, sync) a sandboxed CI machine cannot make.
 * @example
 * import { chromium } from "playwright-core";
 * const browser = await chromium.launch(chromiumLaunchOptions());
 */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  return {
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  };
}

/** The part of a Playwright page `watchPage` listens to (so this helper needs no Playwright). */
export interface WatchablePage {
  on(event: "pageerror", listener: (error: Error) => void): unknown;
  on(event: "console", listener: (message: { type(): string; text(): string }) => void): unknown;
}

/**
 * Collects uncaught page errors and console errors, so a test can assert the app ran cleanly.
 * A 4xx the app shows in its UI is expected and not collected (the browser still logs it).
 * @example
 * const { errors } = watchPage(page);
 * await page.goto(server.url);
 * expect(errors).toEqual([]);
 */
export function watchPage(page: WatchablePage): { errors: string[] } {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return { errors };
}
