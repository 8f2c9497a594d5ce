import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../engine/src/build/index.ts";
import { extractLinks, fileFor } from "../engine/src/build/prerender.ts";

describe("prerender", () => {
  it("maps routes to files: HTML as folder index, other types under their own path", () => {
    expect(fileFor("/", "text/html; charset=utf-8")).toBe("/index.html");
    expect(fileFor("/about", "text/html")).toBe("/about/index.html");
    expect(fileFor("/page.html", "text/html")).toBe("/page.html");
    expect(fileFor("/api/data.json", "application/json")).toBe("/api/data.json");
    expect(fileFor("/caf%C3%A9", "text/html")).toBe("/café/index.html");
  });

  it("follows same-origin links only, without query, hash or asset files", () => {
    const html = `<a href="/a?x=1#top">a</a> <a class="x" href='b'>b</a> <a href="https://other.test/c">c</a>
      <a href="//cdn.test/d">d</a> <a href="#e">e</a> <a href="mailto:x@y.z">f</a> <a href="/logo.png">g</a> <a href="/feed.json">h</a>`;
    expect(extractLinks(html, "/docs/intro")).toEqual(["/a", "/docs/b", "/feed.json"]);
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("fails the build, naming the route, when a listed route does not answer 2xx", async () => {
    mkdirSync(join(import.meta.dirname, ".tmp"), { recursive: true });
    const rootDir = mkdtempSync(join(import.meta.dirname, ".tmp/prerender-"));
    dirs.push(rootDir);
    cpSync(join(import.meta.dirname, "fixtures/app"), rootDir, { recursive: true });
    await expect(build({ rootDir, overrides: { platform: "static", prerender: { routes: ["/missing"] } } })).rejects.toThrow("[edgeplate] [prerender] `/missing` answered 404");
  });
});
