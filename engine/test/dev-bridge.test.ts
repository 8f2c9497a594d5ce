import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { BRIDGED_VIRTUALS, nativeRuntime } from "../src/build/dev-externals.ts";
import { runtimeDir } from "../src/build/paths.ts";

const engine = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as { imports: Record<string, Record<string, string>> };

it("the engine's package.json maps each bridged generated module to dev-bridge.js, under the dev thread's condition only", () => {
  expect(Object.keys(engine.imports).sort()).toEqual(Object.keys(BRIDGED_VIRTUALS).sort());
  for (const target of Object.values(engine.imports)) expect(target).toEqual({ "edgeplate-dev": "./dist/runtime/internal/dev-bridge.js" });
});

it("dev-bridge.ts exports every binding the bridged modules declare", async () => {
  const bridge = await import("../src/runtime/internal/dev-bridge.ts");
  for (const name of Object.values(BRIDGED_VIRTUALS)) expect(bridge).toHaveProperty(name);
});

// What the bridge is for: a rebuild no longer bundles these (most of a small app's dev bundle).
it("the storage, cache and database runtime load natively in a dev build's thread", async () => {
  const native = await nativeRuntime();
  for (const file of ["storage/index.js", "storage/assets-driver.js", "cache/handler.js", "cache/storage.js", "cache/rule.js", "database/index.js", "internal/dev-bridge.js"]) {
    expect(native, file).toContain(join(runtimeDir, file));
  }
});
