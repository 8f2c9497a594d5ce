// Dev only. What Node loads for `#edgeplate/storage`, `#edgeplate/server-assets`,
// `#edgeplate/database` and `#edgeplate/build-hash` in the dev build's worker thread: the engine's
// package.json maps them here under the `edgeplate-dev` condition, which only that thread sets
// (dev-runner.ts). The runtime modules that import them (storage, cache, database) then load as
// they are, preloaded by the spare thread, instead of being bundled again at every rebuild. They
// read these bindings only when called, and the dev bundle fills them before anything runs
// (`#edgeplate/dev-bridge`, dev-externals.ts).
import type { mounts as Mounts } from "#edgeplate/storage";
import type { serverAssets as ServerAssets } from "#edgeplate/server-assets";
import type { databases as Databases } from "#edgeplate/database";

export let mounts: typeof Mounts = [];
export let serverAssets: typeof ServerAssets = {};
export let databases: typeof Databases = {};
export let buildHash = "";

export function provide(values: { mounts: typeof Mounts; serverAssets: typeof ServerAssets; databases: typeof Databases; buildHash: string }): void {
  ({ mounts, serverAssets, databases, buildHash } = values);
}
