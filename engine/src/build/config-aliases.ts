import { readFileSync } from "node:fs";
import { join } from "pathe";
import { defineConfig } from "../config.ts";
import { engineDir } from "./paths.ts";

/**
 * Module aliases for loading the config file. A Nitro config moved by renaming imports
 * `defineConfig` from the main entry (`import { defineConfig } from "edgeplate"`), which is the
 * runtime: loaded outside a bundle it cannot resolve the `#edgeplate/*` modules builds generate.
 * So while the config loads, `edgeplate` is the config helpers (`defineConfig`) and every subpath
 * stays what `exports` says (jiti's aliases match prefixes, so each one is listed).
 */
export function configAliases(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(engineDir, "package.json"), "utf8")) as { exports: Record<string, string | { default: string }> };
  const aliases: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const file = typeof target === "string" ? target : target.default;
    aliases[subpath === "." ? "edgeplate" : `edgeplate/${subpath.slice(2)}`] = join(engineDir, file);
  }
  aliases.edgeplate = aliases["edgeplate/config"]!;
  return aliases;
}

/** Nitro lets a config call `defineNitroConfig(...)` without importing it: a global while the config loads. */
export function provideConfigGlobal(): void {
  const g = globalThis as { defineNitroConfig?: typeof defineConfig };
  g.defineNitroConfig ??= defineConfig;
}
