import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFunctionHost } from "../engine/src/build/index.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("static");
const publicDir = () => join(fixture.outDir, ".output/public");
const NO_SERVER = "static output has no server: only prerendered files";

describeConformance({
  platform: "static",
  fixture,
  async start() {
    // Any static host: files or 404.
    const host = createFunctionHost({ staticDir: publicDir(), handler: () => new Response("Not Found", { status: 404 }) });
    return { fetch: (path, init) => host(new Request(`https://static.example${path}`, init)), close: async () => {} };
  },
  lacks: {
    server: NO_SERVER,
    env: "prerendered at build time, before any env exists",
    routeRules: NO_SERVER,
    storage: NO_SERVER,
    cache: NO_SERVER,
    database: NO_SERVER,
    waitUntil: NO_SERVER,
  },
});

describe("static: output", () => {
  it("outputs only .output/public/", () => {
    expect(existsSync(join(fixture.outDir, ".output/server"))).toBe(false);
    expect(JSON.parse(readFileSync(join(fixture.outDir, ".output/edgeplate.json"), "utf8"))).toMatchObject({ platform: "static", entry: null });
  });

  it("prerenders listed routes, `prerender: true` rules and crawled links with the defaults", () => {
    for (const file of ["index.html", "about/index.html", "prerendered/index.html", "docs/intro/index.html", "api/data.json"]) {
      expect(existsSync(join(publicDir(), file)), file).toBe(true);
    }
    expect(readFileSync(join(publicDir(), "about/index.html"), "utf8")).toContain("Hello".length > 0 ? "<h1>About</h1>" : "");
  });
});
