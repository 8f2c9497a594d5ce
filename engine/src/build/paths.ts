import { fileURLToPath } from "node:url";
import { dirname, extname, join } from "pathe";

const here = fileURLToPath(import.meta.url);

/** Where the runtime lives beside this file: `src/runtime` in the sources, `dist/runtime` when built. */
export const runtimeDir = join(dirname(here), "../runtime");

/** `.ts` when the engine runs from its sources (its own tests), `.js` from the published build. */
const EXT = extname(here);

/**
 * Absolute path of a runtime module that generated code imports, e.g. `runtimeFile("cache/rule")`.
 * The extension follows this file's, so the same build code works from `src/` and from `dist/`.
 */
export function runtimeFile(path: string): string {
  return join(runtimeDir, `${path}${EXT}`);
}
