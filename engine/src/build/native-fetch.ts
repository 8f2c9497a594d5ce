import type { Plugin } from "rollup";

/**
 * Resolves `node-fetch-native` (ofetch's fallback for a Node without `fetch`) to its `native`
 * entry, which re-exports the globals: every supported Node (≥ 20.19) and worker host has them,
 * and the polyfill is 120 KB of bundle (node-fetch with its multipart parser) that never runs.
 */
export function nativeFetchPlugin(): Plugin {
  return {
    name: "edgeplate:native-fetch",
    resolveId(source, importer) {
      if (source !== "node-fetch-native" && source !== "node-fetch-native/polyfill") return null;
      return this.resolve("node-fetch-native/native", importer, { skipSelf: true });
    },
  };
}
