import { join } from "node:path";
import nodeResolve from "@rollup/plugin-node-resolve";
import { rollup } from "rollup";
import esbuild from "rollup-plugin-esbuild";
import { describe, expect, it } from "vitest";

// `edgeplate/client` is what browser code imports: bundle it the way a browser bundler would and
// prove that none of the server runtime (the app, virtual modules, storage, h3) comes along.
describe("edgeplate/client", () => {
  it("imports nothing but ofetch and its own dependencies", async () => {
    const entry = join(import.meta.dirname, "../src/client/index.ts");
    const bundle = await rollup({
      input: entry,
      plugins: [nodeResolve({ browser: true, exportConditions: ["browser", "import", "default"] }), esbuild({ include: /\.ts$/, target: "es2022" })],
      // Any import that cannot be resolved (a `#edgeplate/*` virtual module, a Node built-in) fails the build.
      onwarn: (warning) => {
        throw new Error(warning.message);
      },
    });
    const { output } = await bundle.generate({ format: "esm" });
    await bundle.close();
    const chunk = output[0];
    const modules = Object.keys(chunk.modules).map((id) => id.replaceAll("\\", "/"));
    const packages = new Set(modules.filter((id) => id !== entry).map((id) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1] ?? id));
    expect([...packages].sort()).toEqual(["destr", "ofetch", "ufo"]);
    expect(chunk.imports).toEqual([]);
    expect(chunk.dynamicImports).toEqual([]);
    expect([...chunk.exports].sort()).toEqual(["$fetch", "FetchError"]);
  });
});
