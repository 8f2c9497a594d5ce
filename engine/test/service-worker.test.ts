import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, missingChromium, startBuilt, type BuiltServer } from "../src/testing/index.ts";

const starter = join(import.meta.dirname, "../../starters/minimal");
const fixture = join(import.meta.dirname, "fixtures/service-worker");
const BIN = join(import.meta.dirname, "../bin/edgeplate.mjs");
const run = promisify(execFile);
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
    expect(JSON.parse(readFileSync(join(server.dir, ".output/edgeplate.json"), "utf8"))).toMatchObject({ platform: "service-worker", entry: ".output/public/sw.js" });
    // Tasks would run in the browser: `edgeplate task` says there is no server instead of starting a file server.
    const task = await run(process.execPath, [BIN, "task", "list", "--dir", server.dir], { cwd: server.dir }).catch((e: { code: number; stderr: string }) => e);
    expect(task).toMatchObject({ code: 1 });
    expect((task as { stderr: string }).stderr).toContain("the `service-worker` build has no server to run tasks in (its app runs in the browser).");
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

describe("service-worker platform: storage defaults", () => {
  let app: BuiltServer | undefined;
  // One browser profile for two browser runs: what survives the first run's exit is on disk.
  const profile = mkdtempSync(join(tmpdir(), "edgeplate-sw-profile-"));
  afterAll(async () => {
    await app?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  /** Starts Chromium on the profile, opens the app controlled by its worker, offline, runs `fn` in the page and quits Chromium. */
  async function inBrowser<T>(fn: () => Promise<T>): Promise<T> {
    const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${app!.url}/`);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
      await context.setOffline(true);
      return await page.evaluate(fn);
    } finally {
      // Quits the browser, its service worker and whatever the worker held in memory.
      await context.close();
    }
  }

  it.skipIf(NO_CHROMIUM)(
    `Chromium: data and cache are IndexedDB (a value written offline is read back after the browser and its worker restarted), a memory mount starts empty, a cached handler's answer survives, useDatabase names the missing config${NO_CHROMIUM ? ` (${NO_CHROMIUM})` : ""}`,
    async () => {
      app = await startBuilt(fixture);
      expect(readFileSync(join(app.dir, ".output/public/sw.js"), "utf8")).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
      const first = await inBrowser(async () => {
        const put = (path: string, value: unknown) =>
          fetch(path, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(value) }).then((r) => r.status);
        const get = async (path: string) => ((await (await fetch(path)).json()) as { value: unknown }).value;
        const written = [await put("/api/kv/note", { text: "offline" }), await put("/api/kv/note?base=cache", 1), await put("/api/kv/note?base=mem", 2)];
        const read = [await get("/api/kv/note"), await get("/api/kv/note?base=cache"), await get("/api/kv/note?base=mem")];
        const cached = [await (await fetch("/api/cached")).json(), await (await fetch("/api/cached")).json()];
        const db = (await (await fetch("/api/db")).json()) as { error: string };
        const databases = (await indexedDB.databases()).map((d) => d.name).sort();
        return { written, read, cached, db: db.error, databases };
      });
      expect(first).toEqual({
        written: [200, 200, 200],
        read: [{ text: "offline" }, 1, 2],
        cached: [{ worker: expect.any(String) as unknown, run: 1 }, first.cached[0]],
        db: expect.stringMatching(/^\[edgeplate\] \[database\] unknown database `default`\. None is configured\. Add it under `database`[^\n]*$/) as unknown,
        databases: ["edgeplate-cache", "edgeplate-data"],
      });
      // A new browser process, so a new worker: only what IndexedDB kept is there.
      const second = await inBrowser(async () => {
        const get = async (path: string) => ((await (await fetch(path)).json()) as { value: unknown }).value;
        const cached = (await (await fetch("/api/cached")).json()) as unknown;
        return [await get("/api/kv/note"), await get("/api/kv/note?base=cache"), await get("/api/kv/note?base=mem"), cached];
      });
      // The cached answer is the one the first worker's handler gave.
      expect(second).toEqual([{ text: "offline" }, 1, null, first.cached[0]]);
    },
    180_000,
  );
});
