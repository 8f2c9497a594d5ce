import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { headersFile, hostRedirects, mostSpecificFirst, pathsWithOtherMethods, redirectsFile, staticHeaders } from "../src/build/host-rules.ts";
import type { EdgeplateRouteRule, ResolvedOptions } from "../src/types/config.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A built public folder holding `files`, and the build context a host's config step gets. */
function context(files: string[], routeRules: Record<string, EdgeplateRouteRule>, publicAssets: ResolvedOptions["publicAssets"] = []) {
  const rootDir = mkdtempSync(join(tmpdir(), "edgeplate-host-rules-"));
  const publicDir = join(rootDir, ".output/public");
  dirs.push(rootDir);
  for (const file of files) {
    mkdirSync(dirname(join(publicDir, file)), { recursive: true });
    writeFileSync(join(publicDir, file), file);
  }
  const options = { rootDir, routeRules, publicAssets, output: { publicDir } } as unknown as ResolvedOptions;
  return { options, publicFiles: files };
}

describe("host rules", () => {
  it("orders patterns as rou3 prefers them: static, then param or `*`, then `**`, segment by segment", () => {
    const patterns = ["/**", "/legacy/**", "/a/**", "/legacy/:id", "/a/:x/c", "/legacy/special", "/a/b/**", "/a"];
    expect(patterns.sort(mostSpecificFirst)).toEqual(["/a", "/legacy/special", "/a/b/**", "/legacy/:id", "/a/:x/c", "/legacy/**", "/a/**", "/**"]);
  });

  it("lists redirects most specific first, without method-scoped ones, the tail spelled the host's way", () => {
    const redirects = hostRedirects({
      "/legacy/**": { redirect: { to: "/docs/**", status: 308 } },
      "/legacy/special": { redirect: "/special" },
      "POST /form": { redirect: "/thanks" },
      "/about": { headers: { "x-a": "1" } },
    });
    expect(redirects.map((r) => [r.pattern, r.to("$1"), r.status])).toEqual([
      ["/legacy/special", "/special", 307],
      ["/legacy/**", "/docs/$1", 308],
    ]);
    expect(redirectsFile(redirects)).toBe("/legacy/special /special 307\n/legacy/* /docs/:splat 308\n");
    expect(redirectsFile(redirects, true)).toBe("/legacy/special /special 307!\n/legacy/* /docs/:splat 308!\n");
  });

  it("sends a file's headers as h3 runs the rules: the most specific rule wins, a rule's cache-control over the file's", async () => {
    const ctx = context(["/index.html", "/docs/intro/index.html", "/docs/logo.png", "/assets/app-B3xAbc12.js"], {
      "/**": { headers: { "x-frame-options": "DENY" } },
      "/docs/**": { headers: { "x-frame-options": "SAMEORIGIN", "cache-control": "no-cache" } },
    });
    const groups = await staticHeaders(ctx);
    expect(groups).toEqual([
      // The host's own default cache-control is left out.
      { headers: { "x-frame-options": "DENY" }, paths: ["/", "/index.html"] },
      { headers: { "cache-control": "public, max-age=31536000, immutable", "x-frame-options": "DENY" }, paths: ["/assets/app-B3xAbc12.js"] },
      { headers: { "cache-control": "no-cache", "x-frame-options": "SAMEORIGIN" }, paths: ["/docs/intro", "/docs/intro/", "/docs/intro/index.html", "/docs/logo.png"] },
    ]);
    expect(headersFile(groups, [])).toBe(
      [
        "/",
        "  x-frame-options: DENY",
        "/index.html",
        "  x-frame-options: DENY",
        "/assets/*",
        "  cache-control: public, max-age=31536000, immutable",
        "  x-frame-options: DENY",
        "/docs/*",
        "  cache-control: no-cache",
        "  x-frame-options: SAMEORIGIN",
        "",
      ].join("\n"),
    );
  });

  it("uses `publicAssets` maxAge, and cors as h3 answers a simple request (one origin named, a list left out)", async () => {
    const extra = mkdtempSync(join(tmpdir(), "edgeplate-host-rules-extra-"));
    dirs.push(extra);
    writeFileSync(join(extra, "guide.txt"), "guide");
    const ctx = context(
      ["/dl/guide.txt", "/fonts/a.woff2", "/api/x.json", "/robots.txt"],
      {
        "/fonts/**": { cors: { origin: ["https://app.example"] } },
        "/api/**": { cors: { origin: ["https://a.example", "https://b.example"] } },
      },
      [{ dir: extra, baseURL: "/dl", maxAge: 3600 }],
    );
    const byPath = Object.fromEntries((await staticHeaders(ctx)).flatMap((g) => g.paths.map((p) => [p, g.headers])));
    expect(byPath["/dl/guide.txt"]).toEqual({ "cache-control": "public, max-age=3600, must-revalidate" });
    expect(byPath["/fonts/a.woff2"]).toMatchObject({ "access-control-allow-origin": "https://app.example", vary: "origin" });
    expect(byPath["/api/x.json"]).not.toHaveProperty("access-control-allow-origin");
    expect(byPath["/robots.txt"]).toEqual({});
  });

  it("finds the served paths the app also routes for other methods than GET and HEAD", async () => {
    const ctx = context(["/contact/index.html", "/about/index.html", "/page/index.html", "/files/a.txt", "/robots.txt"], {});
    for (const route of ["contact.get.ts", "contact.post.ts", "about.ts", "page.get.ts", "page.head.ts", "files/[...path].delete.ts"]) {
      mkdirSync(dirname(join(ctx.options.rootDir, "routes", route)), { recursive: true });
      writeFileSync(join(ctx.options.rootDir, "routes", route), "export default () => '';\n");
    }
    expect(await pathsWithOtherMethods(ctx)).toEqual(["/about", "/about/", "/contact", "/contact/", "/files/a.txt"]);
  });

  it("keeps a folder path by path when a redirect source lies in it (Cloudflare adds the folder's headers to the redirect)", () => {
    const groups = [
      { headers: { "x-a": "1" }, paths: ["/a/one.txt", "/a/two.txt"] },
      { headers: {} as Record<string, string>, paths: ["/b.txt"] },
    ];
    expect(headersFile(groups, [])).toBe("/a/*\n  x-a: 1\n");
    const redirects = hostRedirects({ "/a/old": { redirect: "/a/one.txt" } });
    expect(headersFile(groups, redirects)).toBe("/a/one.txt\n  x-a: 1\n/a/two.txt\n  x-a: 1\n");
  });
});
