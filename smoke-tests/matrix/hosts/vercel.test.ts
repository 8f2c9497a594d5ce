import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useBuiltFixture } from "../../harness.ts";
import { cellRunner, checkFixtureRouting, copyOutput } from "./host-checks.ts";
import vercel from "./vercel.ts";

const fixture = useBuiltFixture("vercel");
const persistDir = mkdtempSync(join(tmpdir(), "edgeplate-vercel-persist-"));
afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

const withCell = cellRunner(vercel, () => fixture.outDir, persistDir);

/** config.json's routes after `change`. */
function editRoutes(change: (routes: { src?: string; headers?: Record<string, string> }[]) => void) {
  return (dir: string) => {
    const file = join(dir, ".vercel/output/config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    change(config.routes);
    writeFileSync(file, JSON.stringify(config));
  };
}

describe("vercel cell: config.json routes in front of the function", () => {
  it("redirects, sets a static file's rule header and answers an API route", async () => {
    await withCell(async (cell) => {
      expect(cell.coldStartMs).toBeGreaterThan(0);
      await checkFixtureRouting(cell);
      // ISR: the route's named capture reaches the function (x-now-route-matches).
      expect(await (await cell.fetch("/isr/a/b")).json()).toEqual({ slug: "a/b", path: "/isr/a/b" });
      expect((await cell.fetch("/nope")).status).toBe(404);
    });
  });

  it("fails the check when the redirect route points elsewhere", async () => {
    const wrong = editRoutes((routes) => {
      const route = routes.find((r) => r.src === "/old")!;
      route.headers = { Location: "/api/wrong" };
    });
    await withCell((cell) => expect(checkFixtureRouting(cell)).rejects.toThrow(/location/), wrong);
  });

  it("fails the check when the header route is gone", async () => {
    await withCell(
      (cell) => expect(checkFixtureRouting(cell)).rejects.toThrow(/rule header/),
      editRoutes(
        (routes) =>
          void routes.splice(
            routes.findIndex((r) => r.headers?.["x-fixture"]),
            1,
          ),
      ),
    );
  });

  it("refuses a route it cannot execute, by index and field", async () => {
    const copy = copyOutput(
      fixture.outDir,
      editRoutes((routes) => void routes.unshift({ src: "/x", has: [{ type: "header", key: "x" }] } as never)),
    );
    try {
      await expect(vercel.start(copy.dir, { env: {}, persistDir, readyPath: "/api/hello" })).rejects.toThrow(/route 0 uses `has`/);
    } finally {
      copy.remove();
    }
  });
});

describe("vercel cell: the host-rules fixture's file routes", () => {
  const hostRules = useBuiltFixture("vercel", { fixture: "host-rules" });

  it("redirects a path that is also a file, sets file headers, and sends POST next to a prerendered page to the function", async () => {
    const copy = copyOutput(hostRules.outDir);
    const cell = await vercel.start(copy.dir, { env: {}, persistDir, readyPath: "/robots.txt" });
    try {
      const moved = await cell.fetch("/moved.txt");
      expect([moved.status, moved.headers.get("location")]).toEqual([307, "/robots.txt"]);
      const asset = await cell.fetch("/assets/app-B3xAbc12.js");
      expect([asset.headers.get("cache-control"), asset.headers.get("x-assets")]).toEqual(["public, max-age=31536000, immutable", "1"]);
      expect((await cell.fetch("/legacy/special")).headers.get("location")).toBe("/special");
      expect((await cell.fetch("/legacy/a/b")).headers.get("location")).toBe("/docs/a/b");
      const post = await cell.fetch("/contact", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' });
      expect(await post.json()).toEqual({ received: { name: "Ada" } });
      expect(await (await cell.fetch("/contact")).text()).toContain("<");
    } finally {
      await cell.stop();
      copy.remove();
    }
  });
});
