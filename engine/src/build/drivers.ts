import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "pathe";
import { createError, didYouMean } from "./errors.ts";

const KINDS = {
  storage: { pkg: "unstorage", dir: "drivers", noun: "storage driver" },
  database: { pkg: "db0", dir: "connectors", noun: "database connector" },
} as const;

/** Maps a driver/connector name from config to its module, with a helpful error when it does not exist. */
export function resolveDriverModule(kind: keyof typeof KINDS, name: string, rootDir: string): string {
  const { pkg, dir, noun } = KINDS[kind];
  const specifier = `${pkg}/${dir}/${name}`;
  if (/^[a-z0-9-]+$/.test(name) && canResolve(specifier, rootDir)) return specifier;
  const known = listModules(pkg, dir, rootDir);
  throw createError(kind, `unknown ${noun} \`${name}\`.${didYouMean(name, known)} Known: ${known.join(", ")}.`);
}

function canResolve(specifier: string, rootDir: string): boolean {
  for (const base of [join(rootDir, "package.json"), import.meta.url]) {
    try {
      createRequire(base).resolve(specifier);
      return true;
    } catch {
      // try the engine's own install next
    }
  }
  return false;
}

function listModules(pkg: string, dir: string, rootDir: string): string[] {
  try {
    const root = dirname(createRequire(join(rootDir, "package.json")).resolve(`${pkg}/package.json`));
    const folder = [join(root, dir), join(root, "dist", dir)].find((f) => existsSync(f));
    if (!folder) return [];
    return readdirSync(folder).filter((f) => f.endsWith(".mjs") && !f.startsWith("_")).map((f) => f.slice(0, -4)).sort();
  } catch {
    return [];
  }
}
