import { createHash } from "node:crypto";
import type { OutputChunk, Plugin } from "rollup";

const ID = "#edgeplate/build-hash";
// Not `\0#edgeplate/…`: the virtual-modules plugin claims that prefix.
const RESOLVED = "\0edgeplate:build-hash";
// Replaced after rendering by a hash of the same length, so source maps stay aligned.
const PLACEHOLDER = "__EDGEPLATE_BUILD_HASH__";

/**
 * `#edgeplate/build-hash` exports a hash of the whole server bundle. Route-rule caching uses it
 * as the entries' integrity: the handler a rule wraps is h3's lazy loader, whose source is the
 * same for every route and every version, so its own hash would never change with the code.
 */
export function buildHashPlugin(): Plugin {
  return {
    name: "edgeplate:build-hash",
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load: (id) => (id === RESOLVED ? `export const buildHash = ${JSON.stringify(PLACEHOLDER)};\n` : null),
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle)
        .filter((o): o is OutputChunk => o.type === "chunk")
        .sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
      const hash = createHash("sha256");
      for (const chunk of chunks) hash.update(chunk.fileName).update(chunk.code);
      const value = hash.digest("base64url").slice(0, PLACEHOLDER.length);
      for (const chunk of chunks) {
        if (chunk.code.includes(PLACEHOLDER)) chunk.code = chunk.code.replaceAll(PLACEHOLDER, value);
      }
    },
  };
}
