import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, createDevServer } from "../src/build/index.ts";
import { scanApp } from "../src/build/scan.ts";
import { createServerMatcher } from "../src/vite/matcher.ts";
import { buildAndCopy, freePort, removeDir, startServer, type RunningServer } from "./helpers.ts";

// `_` files are scanned like any other (as in Nitro); the fixture's `ignore` leaves out
// `routes/drafts/**` and `plugins/_disabled.ts`.
const fixture = join(import.meta.dirname, "fixtures/scan");

describe("scanApp", () => {
  it("scans `_` files as routes, API routes and middleware", async () => {
    const app = await scanApp(fixture);
    expect(app.routes.map((r) => `${r.method || "ALL"} ${r.route}`)).toEqual(["ALL /_health", "GET /api/_internal", "ALL /drafts/wip"]);
    expect(app.middleware.map((f) => f.slice(fixture.length))).toEqual(["/middleware/_tag.ts"]);
    expect(app.plugins.map((f) => f.slice(fixture.length))).toEqual(["/plugins/_disabled.ts"]);
  });

  it("leaves out files matching `ignore` globs, relative to the app root", async () => {
    const app = await scanApp(fixture, { ignore: ["routes/_*.ts", "api/**", "middleware/_tag.ts", "plugins/*"] });
    expect(app.routes.map((r) => r.route)).toEqual(["/drafts/wip"]);
    expect(app.middleware).toEqual([]);
    expect(app.plugins).toEqual([]);
  });

  it("rejects an `ignore` that is not a list of globs", async () => {
    const error = (await build({ rootDir: fixture, overrides: { ignore: "routes/_*.ts" as never } }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^\[edgeplate\] \[config\] `ignore` must be a list of globs relative to the app root/);
    expect(error.message.split("\n")).toHaveLength(1);
  });
});

/** What the fixture must answer, built or in dev. */
async function expectScanFixture(base: string): Promise<void> {
  const health = await fetch(`${base}/_health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
  expect(health.headers.get("x-underscore-middleware")).toBe("1");
  expect(await (await fetch(`${base}/api/_internal`)).json()).toEqual({ internal: true });
  // Ignored: the route is a 404 and the plugin (which would fail every request) never ran.
  expect((await fetch(`${base}/drafts/wip`)).status).toBe(404);
}

describe("a built app (node-server)", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await buildAndCopy(fixture, { output: { dir: ".output-scan" } });
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeDir(dir);
  });

  it("serves `_` routes and middleware, and leaves ignored files out", () => expectScanFixture(server.url));
});

describe("edgeplate dev", () => {
  // Inside the repo so the copy still resolves `edgeplate` from the workspace's node_modules.
  const appDir = join(import.meta.dirname, ".tmp", `scan-${process.pid}`);
  let dev: Awaited<ReturnType<typeof createDevServer>>;
  let base: string;
  beforeAll(async () => {
    mkdirSync(appDir, { recursive: true });
    cpSync(fixture, appDir, { recursive: true });
    const port = await freePort();
    dev = await createDevServer({ rootDir: appDir, port, host: "127.0.0.1" });
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await dev?.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  it("serves `_` routes and middleware, and leaves ignored files out", () => expectScanFixture(base));

  it("sends `_` routes to the server in a Vite app, and ignored ones to Vite", async () => {
    const isServerRequest = createServerMatcher(appDir);
    expect(await isServerRequest("GET", "/_health")).toBe(true);
    expect(await isServerRequest("GET", "/drafts/wip")).toBe(false);
  });
});
