import { fileURLToPath } from "node:url";
import { dirname, join } from "pathe";

/** The engine package's folder: this file is `src/build/paths.ts` or, built, `dist/build/paths.js`. */
export const engineDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The compiled runtime that generated code imports. Always `dist/`, also when this build code runs
 * from its sources (the engine's own tests): platform entries import `edgeplate/platform`, which is
 * `dist/`, and one bundle must not hold two copies of the runtime's module state.
 */
export const runtimeDir = join(engineDir, "dist/runtime");

/** Absolute path of a runtime module that generated code imports, e.g. `runtimeFile("cache/rule")`. */
export function runtimeFile(path: string): string {
  return join(runtimeDir, `${path}.js`);
}
