import { createRequire } from "node:module";
import type { Plugin } from "rollup";

/**
 * Package subpath imports whose `node` arm needs only what workerd implements under
 * `nodejs_compat`, while their default arm bundles a portable copy of it, by specifier → the
 * package that imports it. ocache's `#crypto`: the `node` arm is node:crypto's sha256 (under 1 KB),
 * the default a JavaScript sha256 (8 KB, 3.8 KB gzip, about an eighth of a worker that caches).
 * Workers build without the `node` condition (other packages' node builds reach for what workerd
 * lacks), so these are picked one by one.
 */
const NODE_ARMS: Record<string, string> = { "#crypto": "ocache" };

export function nodeArmsPlugin(): Plugin {
  return {
    name: "edgeplate:cloudflare-node-arms",
    resolveId: {
      order: "pre",
      handler(id, importer) {
        const owner = NODE_ARMS[id];
        if (!owner || !importer || !importer.slice(importer.lastIndexOf("/node_modules/") + 1).startsWith(`node_modules/${owner}/`)) return null;
        // Node's own resolution of the import from that file: the package's `imports` map under the `node` condition.
        return this.resolve(createRequire(importer).resolve(id), importer, { skipSelf: true });
      },
    },
  };
}
