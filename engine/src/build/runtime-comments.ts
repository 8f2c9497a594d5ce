import { readFileSync } from "node:fs";
import { dirname, join } from "pathe";
import type { Plugin } from "rollup";
import { transform } from "esbuild";

/**
 * Leaves the comments of Edgeplate's own runtime (the engine's and the platforms' compiled
 * `dist/`) out of a production bundle. They explain the runtime to whoever edits its sources and
 * were a sixth of an app's server JS (gzip); the code stays as written, unminified. esbuild
 * reprints each module without its comments, keeping `@__PURE__` annotations and legal comments.
 */
export function runtimeCommentsPlugin(sourcemap: boolean): Plugin {
  const owners = new Map<string, boolean>();
  return {
    name: "edgeplate:runtime-comments",
    async transform(code, id) {
      if (!/\.m?js$/.test(id) || !isEdgeplatePackage(dirname(id), owners)) return null;
      const result = await transform(code, { loader: "js", target: "esnext", sourcemap, sourcefile: id });
      return { code: result.code, map: sourcemap ? result.map : null };
    },
  };
}

/** Whether `dir` lies in the `edgeplate` package or an `@edgeplate/platform-*` one (nearest package.json), remembered per folder. */
function isEdgeplatePackage(dir: string, owners: Map<string, boolean>): boolean {
  const known = owners.get(dir);
  if (known !== undefined) return known;
  let name: string | undefined;
  try {
    ({ name } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string });
  } catch {
    // No package.json here: the package is a folder further up.
  }
  const parent = dirname(dir);
  const owned = name ? name === "edgeplate" || name.startsWith("@edgeplate/platform-") : parent !== dir && isEdgeplatePackage(parent, owners);
  owners.set(dir, owned);
  return owned;
}
