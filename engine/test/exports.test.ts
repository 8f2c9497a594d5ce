import { join } from "node:path";
import { rollup } from "rollup";
import esbuild from "rollup-plugin-esbuild";
import { describe, expect, it } from "vitest";

const engine = join(import.meta.dirname, "..");

/** Export names of a runtime module, read by rollup (runtime modules import per-app virtual modules). */
async function exportNames(file: string): Promise<string[]> {
  const bundle = await rollup({
    input: join(engine, file),
    external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0"),
    plugins: [
      { name: "virtual-stub", resolveId: (id) => (id.startsWith("#edgeplate/") ? `\0${id}` : null), load: (id) => (id.startsWith("\0#") ? "export {}" : null) },
      esbuild({ include: /\.ts$/ }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: "esm" });
  return [...output[0].exports].sort();
}

// The public surface per subpath (design.md, "Imports"). A change here is a contract change.
describe("public exports", () => {
  it("edgeplate", async () => {
    expect(await exportNames("src/runtime/index.ts")).toEqual([
      "$fetch",
      "FetchError",
      "HTTPError",
      "HTTPResponse",
      "defineConfig",
      "defineErrorHandler",
      "defineHandler",
      "defineMiddleware",
      "definePlugin",
      "defineRouteMeta",
      "defineValidatedHandler",
      "defineWebSocket",
      "defineWebSocketHandler",
      "fetch",
      "html",
      "serverFetch",
      "useRequestFetch",
    ]);
  });
  it("edgeplate/app (Nitro's nitro/app, with its names too)", async () => {
    expect(await exportNames("src/runtime/app.ts")).toEqual(["fetch", "getRouteRules", "serverFetch", "useApp", "useHooks", "useNitroApp", "useNitroHooks"]);
  });
  it("edgeplate/context (Nitro's nitro/context)", async () => {
    expect(await exportNames("src/runtime/context.ts")).toEqual(["useRequest"]);
  });
  it("edgeplate/client", async () => {
    expect(await exportNames("src/client/index.ts")).toEqual(["$fetch", "FetchError"]);
  });
  it("edgeplate/cache", async () => {
    expect(await exportNames("src/runtime/cache/index.ts")).toEqual(["defineCachedFunction", "defineCachedHandler"]);
  });
  it("edgeplate/storage", async () => {
    expect(await exportNames("src/runtime/storage/index.ts")).toEqual(["useStorage"]);
  });
  it("edgeplate/database", async () => {
    expect(await exportNames("src/runtime/database/index.ts")).toEqual(["useDatabase"]);
  });
  it("edgeplate/runtime-config", async () => {
    expect(await exportNames("src/runtime/config/index.ts")).toEqual(["useRuntimeConfig"]);
  });
  it("edgeplate/platform (for platform entries)", async () => {
    expect(await exportNames("src/runtime/platform.ts")).toEqual([
      "drainRefusedBodies",
      "handleShutdownSignals",
      "matchRoute",
      "routedPublicPaths",
      "runScheduledTasks",
      "setPublicAssetReader",
      "setRuntimeEnv",
      "setWaitUntil",
      "toHostResponse",
      "trackInflight",
      "useApp",
      "websocketPlugins",
    ]);
  });
  it("edgeplate/task", async () => {
    expect(await exportNames("src/runtime/task/index.ts")).toEqual(["defineTask", "listTasks", "runTask"]);
  });
  it("edgeplate/config", async () => {
    expect(Object.keys(await import("edgeplate/config")).sort()).toEqual(["defineConfig", "defineNitroConfig", "fetch", "serverFetch"]);
  });
  it("edgeplate/testing (Node-side, for the starters' tests)", async () => {
    expect(Object.keys(await import("edgeplate/testing")).sort()).toEqual([
      "buildAndCopy",
      "checkSpaBuild",
      "chromiumLaunchOptions",
      "freePort",
      "missingChromium",
      "platformsToTest",
      "startBuilt",
      "startDev",
      "startPreview",
      "startServer",
      "waitFor",
      "waitForHttp",
      "watchPage",
    ]);
  });
});
