import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, missingChromium, startBuilt, type BuiltServer } from "../src/testing/index.ts";

const starter = join(import.meta.dirname, "../../starters/minimal");
const NO_CHROMIUM = missingChromium();
let server: BuiltServer | undefined;
afterAll(() => server?.stop());

describe("service-worker platform", () => {
  it("writes sw.js (one classic script, no import) and sw-register.js beside the static files, and no server", async () => {
    server = await startBuilt(starter, { platform: "service-worker" });
    const publicDir = join(server.dir, ".output/public");
    const worker = readFileSync(join(publicDir, "sw.js"), "utf8");
    expect(worker).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
    expect(readFileSync(join(publicDir, "sw-register.js"), "utf8")).toContain('navigator.serviceWorker.register("/sw.js"');
    expect(existsSync(join(publicDir, "index.html"))).toBe(true);
    expect(existsSync(join(server.dir, ".output/server"))).toBe(false);
  }, 120_000);

  it.skipIf(NO_CHROMIUM)(
    `Chromium: registers the worker, goes offline, and the API routes still answer from it${NO_CHROMIUM ? ` (${NO_CHROMIUM})` : ""}`,
    async () => {
      const browser = await chromium.launch(chromiumLaunchOptions());
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server!.url}/`);
        await page.addScriptTag({ url: "/sw-register.js" });
        // Active and controlling this page (the worker claims its clients when it activates).
        await page.evaluate(() => navigator.serviceWorker.ready);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
        await context.setOffline(true);
        const answers = await page.evaluate(async () => {
          const hello = await fetch("/api/hello?name=offline");
          const echo = await fetch("/api/echo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "from the worker" }) });
          const bad = await fetch("/api/echo", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
          return {
            hello: [hello.status, await hello.json(), hello.headers.get("x-powered-by")],
            echo: [echo.status, ((await echo.json()) as { echo: string }).echo],
            bad: bad.status,
          };
        });
        expect(answers).toEqual({ hello: [200, { message: "Hello, offline!" }, "edgeplate"], echo: [200, "from the worker"], bad: 400 });
        // Offline for real: the static server itself is gone too, and the worker still answers.
        await server!.stop();
        server = undefined;
        expect(await page.evaluate(async () => (await (await fetch("/api/hello")).json()) as unknown)).toEqual({ message: "Hello, world!" });
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
