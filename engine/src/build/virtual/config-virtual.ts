import type { Plugin } from "rollup";

const PREFIX = "\0edgeplate-virtual:";

/**
 * The config's `virtual` modules (Nitro's key): `{ "#name": code | () => code }`, importable from
 * app code and usable as a `routes` / `handlers` entry. The code is bundled like a source file.
 */
export function configVirtualModules(virtual: Record<string, string | (() => string | Promise<string>)>): Plugin | undefined {
  if (Object.keys(virtual).length === 0) return undefined;
  return {
    name: "edgeplate:config-virtual",
    resolveId: (id) => (Object.hasOwn(virtual, id) ? `${PREFIX}${id}` : null),
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const source = virtual[id.slice(PREFIX.length)]!;
      return typeof source === "function" ? await source() : source;
    },
  };
}
