import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "pathe";
import { createError } from "./errors.ts";

interface TsconfigFile {
  extends?: string | string[];
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

/**
 * The app's `tsconfig.json` `compilerOptions.paths` as aliases (prefix → absolute path), as Nitro's
 * Vite build resolves them (`resolve.tsconfigPaths`): `"~server/*": ["./server/*"]` becomes
 * `~server` → `<root>/server`. Relative `extends` are followed (a package's, like `edgeplate/tsconfig`,
 * holds no app paths); the first target of each pattern is used, as TypeScript tries them in order.
 */
export function tsconfigAliases(rootDir: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  const visit = (file: string, seen: Set<string>) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const config = readJsonc(file);
    for (const parent of [config.extends ?? []].flat()) if (parent.startsWith(".")) visit(resolve(dirname(file), parent), seen);
    const base = resolve(dirname(file), config.compilerOptions?.baseUrl ?? ".");
    for (const [pattern, targets] of Object.entries(config.compilerOptions?.paths ?? {})) {
      const target = targets?.[0];
      if (typeof target !== "string") continue;
      const from = pattern.replace(/\/?\*$/, "");
      if (from === "") continue;
      aliases[from] = resolve(base, target.replace(/\/?\*$/, ""));
    }
  };
  visit(resolve(rootDir, "tsconfig.json"), new Set());
  return aliases;
}

/** JSON with comments and trailing commas, as tsconfig files are written. */
function readJsonc(file: string): TsconfigFile {
  const text = readFileSync(file, "utf8");
  // Strings are kept whole; comments, and commas right before a closing bracket, outside them go.
  const stripped = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\/|,(?=\s*[}\]])/g, (_match, string: string | undefined) => string ?? "");
  try {
    return JSON.parse(stripped) as TsconfigFile;
  } catch (error) {
    throw createError("config", `\`${file}\` is not valid JSON (${(error as Error).message}). Fix it, or remove its \`compilerOptions.paths\`.`);
  }
}
