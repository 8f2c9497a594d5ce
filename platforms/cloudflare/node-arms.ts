import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Plugin } from "rollup";

/**
 * Package subpath imports whose `node` arm needs only what workerd implements under
 * `nodejs_compat`, while their default arm bundles a portable copy of it. ocache's `#crypto`:
 * the `node` arm is node:crypto's sha256 (under 1 KB), the default a JavaScript sha256 (8 KB,
 * 3.8 KB gzip, about an eighth of a worker that caches). Workers build without the `node`
 * condition (other packages' node builds reach for what workerd lacks), so these are picked one
 * by one, by package and specifier.
 */
const NODE_ARMS: Record<string, readonly string[]> = { ocache: ["#crypto"] };

export function nodeArmsPlugin(): Plugin {
  return {
    name: "edgeplate:cloudflare-node-arms",
    resolveId: {
      order: "pre",
      async handler(id, importer) {
        if (!id.startsWith("#") || !importer) return null;
        const root = packageRoot(importer);
        if (!root || !NODE_ARMS[root.name]?.includes(id)) return null;
        const manifest = JSON.parse(await readFile(join(root.dir, "package.json"), "utf8")) as { imports?: Record<string, { node?: unknown }> };
        const arm = manifest.imports?.[id]?.node;
        // A package version whose map has no plain `node` path: its own resolution applies.
        return typeof arm === "string" ? this.resolve(join(root.dir, arm), importer, { skipSelf: true }) : null;
      },
    },
  };
}

/** The package a bundled file belongs to: the folder under its last `node_modules/` (scoped or not). */
function packageRoot(file: string): { name: string; dir: string } | undefined {
  const at = file.lastIndexOf("/node_modules/");
  if (at === -1) return undefined;
  const parts = file.slice(at + "/node_modules/".length).split("/");
  const name = parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  const dir = join(file.slice(0, at), "node_modules", name);
  return dirname(file).startsWith(dir) ? { name, dir } : undefined;
}
