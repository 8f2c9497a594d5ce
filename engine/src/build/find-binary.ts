import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { packageName, resolveFromApp } from "./resolve.ts";

/** A runtime's executable: `$ENV_VAR`, then PATH, then a file shipped in an npm package. */
export function findBinary(name: string, envVar: string, packageFiles: string[]): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  for (const file of packageFiles) {
    const pkg = packageName(file);
    const manifest = resolveFromApp(`${pkg}/package.json`, process.cwd());
    const found = manifest && join(dirname(manifest), file.slice(pkg.length + 1));
    if (found && existsSync(found)) return found;
  }
  return undefined;
}
