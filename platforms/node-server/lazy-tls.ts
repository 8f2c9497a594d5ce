import type { Plugin } from "rollup";

const SRVX_NODE = /srvx[\\/]dist[\\/]adapters[\\/]node\.mjs$/;

/**
 * srvx imports `node:https` and `node:http2` up front, but only a TLS or HTTP/2 server uses them.
 * Loading them on first use (`process.getBuiltinModule`, Node ≥ 20.16) takes ~5 ms off cold start.
 * If a srvx release changes these lines, nothing is replaced and only the saving is lost.
 */
export function lazyTlsModules(): Plugin {
  return {
    name: "edgeplate:node-lazy-tls",
    transform(code, id) {
      if (!SRVX_NODE.test(id)) return null;
      const lazy = code.replace(
        /^import (\w+) from "node:(https|http2)";$/gm,
        (_, name: string, mod: string) => `const ${name} = new Proxy({}, { get: (_, key) => process.getBuiltinModule("node:${mod}")[key] });`,
      );
      // One line for one line: nothing else moves, so `--sourcemap` keeps srvx's mappings as they are.
      return { code: lazy, map: null };
    },
  };
}
