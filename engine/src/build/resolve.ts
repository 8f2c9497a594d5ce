import { createRequire } from "node:module";
import { join } from "pathe";

/**
 * Resolves a specifier the way the app would, then from the engine's own install (a dependency the
 * app does not list itself, e.g. a platform package next to the engine).
 * @returns the absolute path, or `undefined` when neither has it.
 */
export function resolveFromApp(specifier: string, rootDir: string): string | undefined {
  for (const base of [join(rootDir, "package.json"), import.meta.url]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // not installed from this base; try the next one
    }
  }
  return undefined;
}

/** `@scope/pkg/sub/path` → `@scope/pkg`, `pkg/sub` → `pkg`. */
export function packageName(id: string): string {
  const parts = id.split("/");
  return id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}
