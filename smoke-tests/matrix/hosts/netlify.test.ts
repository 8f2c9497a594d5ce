import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useBuiltFixture } from "../../harness.ts";
import { cellRunner, checkFixtureRouting, copyOutput } from "./host-checks.ts";
import netlify, { ensureHostsInstalled } from "./netlify.ts";

// `data` in Netlify Blobs: the storage that outlives a request (and a restart) on Netlify.
const fixture = useBuiltFixture("netlify", { overrides: { storage: { data: { driver: "netlify-blobs", name: "smoke-data" } } } });
const persistDir = mkdtempSync(join(tmpdir(), "edgeplate-netlify-persist-"));
// In the hook (its 180 s), not in the first test: a fresh checkout's `npm ci` of @netlify/dev takes ~20 s.
beforeAll(() => ensureHostsInstalled());
afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

const withCell = cellRunner(netlify, () => fixture.outDir, persistDir);

describe("netlify cell: @netlify/dev runs _redirects, _headers and the function", () => {
  it("redirects, sets a static file's rule header, answers an API route, and keeps Blobs across a restart", async () => {
    await withCell(async (cell) => {
      await checkFixtureRouting(cell);
      const put = await cell.fetch("/api/kv/persisted", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"kept":true}' });
      expect(put.status).toBe(200);
    });
    await withCell(async (cell) => {
      expect(await (await cell.fetch("/api/kv/persisted")).json()).toEqual({ value: { kept: true } });
    });
  });

  it("fails the check when a _redirects line points elsewhere", async () => {
    const wrong = (dir: string) => {
      const file = join(dir, "dist/_redirects");
      const text = readFileSync(file, "utf8");
      expect(text).toContain("/old /api/hello 307!");
      writeFileSync(file, text.replace("/old /api/hello 307!", "/old /api/wrong 307!"));
    };
    await withCell((cell) => expect(checkFixtureRouting(cell)).rejects.toThrow(/location/), wrong);
  });
});

describe("netlify cell: the host-rules fixture's files, forced redirects and methods function", () => {
  const hostRules = useBuiltFixture("netlify", { fixture: "host-rules" });

  it("redirects a path that is also a file, sets folder headers, and sends POST next to a prerendered page to its function", async () => {
    const copy = copyOutput(hostRules.outDir);
    const cell = await netlify.start(copy.dir, { env: {}, persistDir, readyPath: "/robots.txt" });
    try {
      const moved = await cell.fetch("/moved.txt");
      expect([moved.status, new URL(moved.headers.get("location") ?? "", cell.url).pathname]).toEqual([307, "/robots.txt"]);
      const asset = await cell.fetch("/assets/app-B3xAbc12.js");
      expect([asset.headers.get("cache-control"), asset.headers.get("x-assets")]).toEqual(["public, max-age=31536000, immutable", "1"]);
      expect(new URL((await cell.fetch("/legacy/special")).headers.get("location") ?? "", cell.url).pathname).toBe("/special");
      const post = await cell.fetch("/contact", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' });
      expect(await post.json()).toEqual({ received: { name: "Ada" } });
    } catch (error) {
      throw Object.assign(error as Error, { message: `${(error as Error).message}\n--- host output ---\n${cell.output()}` });
    } finally {
      await cell.stop();
      copy.remove();
    }
  });
});
