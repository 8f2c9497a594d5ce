import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDevController, loadOptions } from "../src/build/index.ts";

// Inside the repo so the app resolves `edgeplate` from the workspace.
const root = join(import.meta.dirname, ".tmp", `dev-errors-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function app(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries({ "package.json": `{ "type": "module" }\n`, ...files })) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("errors name file, 1-based line and column, and show the source line", () => {
  it("for a config file that does not parse", async () => {
    const dir = app("config-syntax", { "edgeplate.config.ts": `export default {\n  runtimeConfig: { a: 1 ,, },\n};\n` });
    await expect(loadOptions({ rootDir: dir })).rejects.toThrow(
      "[edgeplate] [config] edgeplate.config.ts:2:26: could not load the config: ParseError: Unexpected token. Fix the file and run again.\n  2 |   runtimeConfig: { a: 1 ,, },\n    |                          ^",
    );
  });

  it("for a config file that throws while it loads", async () => {
    const dir = app("config-throws", { "edgeplate.config.ts": `const x = 1;\nexport default {\n  runtimeConfig: { a: missing.value },\n};\n` });
    await expect(loadOptions({ rootDir: dir })).rejects.toThrow("edgeplate.config.ts:3:23: could not load the config: missing is not defined.");
  });

  it("for a route that does not compile, in the dev server's answer", async () => {
    const dir = app("route-syntax", { "routes/broken.ts": `const ok = 1;\nexport default () => ({ a: 1 ) });\n` });
    const dev = await createDevController(dir);
    try {
      const body = await (await dev.fetch(new Request("http://localhost/broken"))).json();
      // esbuild says column 29, counted from 0; an editor counts from 1.
      expect(body.message).toBe(`routes/broken.ts:2:30: Expected "}" but found ")"\n  2 | export default () => ({ a: 1 ) });\n    | ${" ".repeat(29)}^`);
    } finally {
      await dev.close();
    }
  });
});
