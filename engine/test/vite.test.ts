import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildViteApp, findViteConfig } from "../src/vite/cli.ts";
import { createServerMatcher } from "../src/vite/matcher.ts";
import { removeDir } from "./helpers.ts";

const links = join(import.meta.dirname, "../../starters/vanilla-links");

describe("edgeplate/vite", () => {
  it("exports only the plugin", async () => {
    // Resolves to vite.mjs (which jiti-loads the TypeScript source): the file users' configs import.
    const mod = await import("edgeplate/vite");
    expect(Object.keys(mod).sort()).toEqual(["default", "edgeplate"]);
    const plugins = mod.edgeplate();
    expect(plugins.map((p) => p.name)).toEqual(["edgeplate:config", "edgeplate:dev", "edgeplate:build"]);
  });

  it("sends the app's routes, every /api path and every write to the server, the rest to Vite", async () => {
    const isServerRequest = createServerMatcher(links);
    const cases: [string, string, boolean][] = [
      ["GET", "/api/links", true],
      ["GET", "/api/not-a-route?x=1", true],
      ["HEAD", "/s/abc", true],
      ["POST", "/anything", true],
      ["GET", "/", false],
      ["GET", "/src/main.ts?t=1", false],
      ["GET", "/@vite/client", false],
      ["GET", "/node_modules/.vite/deps/x.js", false],
      ["GET", "/notes/deep/link", false],
    ];
    const answers = await Promise.all(cases.map(([method, url]) => isServerRequest(method, url)));
    expect(cases.map(([method, url], i) => [method, url, answers[i]])).toEqual(cases);
  });

  describe("edgeplate build in a Vite app", () => {
    const root = join(import.meta.dirname, `.tmp/vite-no-plugin-${process.pid}`);
    afterAll(() => removeDir(root));

    it("says how to fix a vite.config without the edgeplate() plugin", async () => {
      mkdirSync(join(root, "api"), { recursive: true });
      writeFileSync(join(root, "index.html"), "<!doctype html><title>x</title><p>x</p>\n");
      writeFileSync(join(root, "vite.config.mjs"), "export default {};\n");
      writeFileSync(join(root, "api/hello.ts"), "export default () => 'hi';\n");
      expect(findViteConfig(root)).toBe(join(root, "vite.config.mjs"));
      await expect(buildViteApp(root, {}, { logLevel: "silent" })).rejects.toThrow(/add `edgeplate\(\)` from `edgeplate\/vite` to `plugins`/);
    });
  });
});
