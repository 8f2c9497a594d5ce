import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";

/** A runtime's executable: `$ENV_VAR`, then PATH, then a file shipped in an npm package. */
export function findBinary(name: string, envVar: string, packageFiles: string[]): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const require = createRequire(join(process.cwd(), "package.json"));
  for (const file of packageFiles) {
    const [scope, pkg, ...rest] = file.startsWith("@") ? file.split("/") : ["", ...file.split("/")];
    const pkgName = scope ? `${scope}/${pkg}` : pkg!;
    for (const base of [require, createRequire(import.meta.url)]) {
      try {
        const found = join(dirname(base.resolve(`${pkgName}/package.json`)), ...rest);
        if (existsSync(found)) return found;
      } catch {
        // not installed from this base
      }
    }
  }
  return undefined;
}
