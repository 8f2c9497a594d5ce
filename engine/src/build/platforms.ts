import { existsSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { dirname, join } from "pathe";
import type { PlatformPreset } from "../types/config.ts";
import { createError, didYouMean } from "./errors.ts";
import { resolveFromApp } from "./resolve.ts";

const PACKAGE_PREFIX = "@edgeplate/platform-";

/**
 * Loads `@edgeplate/platform-<name>` from the app or from the engine's own install.
 * The list of known platforms is derived from what is installed, never hand-kept.
 */
export async function loadPlatform(name: string, rootDir: string): Promise<PlatformPreset> {
  const presetFile = resolvePresetFile(name, rootDir);
  if (!presetFile) {
    const known = listPlatforms(rootDir);
    throw createError(
      "config",
      `unknown platform \`${name}\`.${didYouMean(name, known)} Known platforms: ${known.join(", ") || "none installed"} (install \`${PACKAGE_PREFIX}${name}\` to add one).`,
    );
  }
  const mod = (await import(pathToFileURL(presetFile).href)) as { default: PlatformPreset };
  return mod.default;
}

function resolvePresetFile(name: string, rootDir: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  return resolveFromApp(`${PACKAGE_PREFIX}${name}`, rootDir);
}

export function listPlatforms(rootDir: string): string[] {
  const names = new Set<string>();
  for (let dir = rootDir; ; dir = dirname(dir)) {
    const scope = join(dir, "node_modules/@edgeplate");
    if (existsSync(scope)) {
      for (const entry of readdirSync(scope)) {
        if (entry.startsWith("platform-")) names.add(entry.slice("platform-".length));
      }
    }
    if (dirname(dir) === dir) break;
  }
  return [...names].sort();
}
