import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";
import vercelCell from "./matrix/hosts/vercel.ts";

const fixture = useBuiltFixture("vercel");
const output = () => join(fixture.outDir, ".vercel/output");
const readJSON = (file: string) => JSON.parse(readFileSync(join(output(), file), "utf8"));

async function importFunction(): Promise<{ fetch: (request: Request) => Promise<Response> }> {
  return ((await import(pathToFileURL(join(output(), "functions/__server.func/index.mjs")).href)) as { default: { fetch: (r: Request) => Promise<Response> } }).default;
}

describeConformance({
  platform: "vercel",
  fixture,
  // The contract's default SQLite file needs a disk that outlives the request; functions have none.
  lacks: { database: "no default database on serverless functions; an app configures one (postgresql, neon, …) in `database`" },
  // config.json's routes in front of static/ and the function, as the smoke matrix runs Vercel.
  async start({ outDir, env }) {
    // Vercel keeps nothing between instances, so the cell has no use for a persist folder.
    const cell = await vercelCell.start(outDir, { env, persistDir: outDir, readyPath: "/api/hello" });
    return { fetch: cell.fetch, close: cell.stop };
  },
});

describe("vercel: output", () => {
  it("writes config.json routes from the route rules", () => {
    expect(readJSON("config.json")).toEqual({
      version: 3,
      routes: [
        // Static files get the rule's headers here; the function sets them itself.
        { src: "^(?:/api/data\\.json)$", methods: ["GET", "HEAD"], headers: { "x-fixture": "edgeplate" }, continue: true },
        { src: "/old", headers: { Location: "/api/hello" }, status: 307 },
        { src: "/legacy/(.*)", headers: { Location: "/docs/$1" }, status: 308 },
        // Routes without a method suffix answer POST & co. next to their prerendered pages too.
        {
          src: "^(?:/about|/about/|/api/data\\.json|/docs/intro|/docs/intro/|/prerendered|/prerendered/)$",
          methods: ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
          dest: "/__server",
        },
        { handle: "filesystem" },
        { src: "(?<url>/isr/(.*))", dest: "/isr-isr?url=$url" },
        { src: "/(.*)", dest: "/__server" },
      ],
    });
  });

  it("describes the server function in .vc-config.json", () => {
    expect(readJSON("functions/__server.func/.vc-config.json")).toEqual({
      runtime: "nodejs20.x",
      handler: "index.mjs",
      launcherType: "Nodejs",
      shouldAddHelpers: false,
      supportsResponseStreaming: true,
    });
  });

  it("turns `isr` rules into prerender functions linked to the server function", async () => {
    const link = join(output(), "functions/isr-isr.func");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe("__server.func");
    expect(readJSON("functions/isr-isr.prerender-config.json")).toEqual({ expiration: 60, allowQuery: ["url"], passQuery: true });
    // Vercel calls the ISR function with the original path in `url`.
    const fn = await importFunction();
    const res = await fn.fetch(new Request("https://app.vercel.app/isr-isr?url=/isr/a/b", { headers: { "x-now-route-matches": "url=%2Fisr%2Fa%2Fb" } }));
    expect(await res.json()).toEqual({ slug: "a/b", path: "/isr/a/b" });
  });

  it("puts public and prerendered files in static/", () => {
    expect(readFileSync(join(output(), "static/robots.txt"), "utf8")).toContain("User-agent");
    expect(readFileSync(join(output(), "static/about/index.html"), "utf8")).toContain("<h1>About</h1>");
  });
});

describe("vercel: public files get node-server's cache and rule headers", () => {
  const hostRules = useBuiltFixture("vercel", { fixture: "host-rules" });

  it("routes header sets to the exact static paths before the filesystem, and redirects most specific first", () => {
    const { routes } = JSON.parse(readFileSync(join(hostRules.outDir, ".vercel/output/config.json"), "utf8"));
    const files = { methods: ["GET", "HEAD"], continue: true };
    expect(routes).toEqual([
      { src: "^(?:/assets/app-B3xAbc12\\.js|/assets/style-C4dEf567\\.css)$", headers: { "cache-control": "public, max-age=31536000, immutable", "x-assets": "1" }, ...files },
      { src: "^(?:/downloads/guide\\.txt)$", headers: { "cache-control": "public, max-age=3600, must-revalidate" }, ...files },
      { src: "^(?:/fonts/inter\\.woff2)$", headers: { "access-control-allow-origin": "*", "access-control-expose-headers": "*" }, ...files },
      { src: "^(?:/robots\\.txt)$", headers: { "cache-control": "public, max-age=60" }, ...files },
      { src: "/moved\\.txt", headers: { Location: "/robots.txt" }, status: 307 },
      { src: "/legacy/special", headers: { Location: "/special" }, status: 307 },
      { src: "/legacy/(.*)", headers: { Location: "/docs/$1" }, status: 308 },
      // A form's POST next to its prerendered page reaches the route, as on node-server.
      { src: "^(?:/contact|/contact/)$", methods: ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"], dest: "/__server" },
      { handle: "filesystem" },
      { src: "/(.*)", dest: "/__server" },
    ]);
  });
});
