// Builds one package of this repository for publishing: `tsc -p <dir>/tsconfig.build.json` writes
// JavaScript + .d.ts to <dir>/dist (tsc rewrites `.ts` import specifiers in the JavaScript).
// Declarations keep `.ts` specifiers, which a consumer's TypeScript resolves only under some
// settings, so they are rewritten here; hand-written `.d.ts` files (ambient declarations) are
// copied, since tsc never emits them.
//   node scripts/build-package.mjs <package dir>
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const SKIP = new Set(["node_modules", "dist", "test"]);

export function buildPackage(packageDir) {
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin/tsc");
  const config = JSON.parse(readFileSync(join(packageDir, "tsconfig.build.json"), "utf8"));
  const rootDir = resolve(packageDir, config.compilerOptions.rootDir);
  // Built beside and swapped in, so a test run reading dist/ meanwhile never sees it half written.
  const dist = join(packageDir, `.dist-${process.pid}`);
  rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(packageDir, "tsconfig.build.json"), "--outDir", dist], { stdio: "inherit" });
  for (const file of sourceDeclarations(rootDir)) {
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    writeFileSync(join(dist, file), readFileSync(join(rootDir, file), "utf8"));
  }
  for (const file of readdirSync(dist, { recursive: true })) {
    if (!file.endsWith(".d.ts")) continue;
    const path = join(dist, file);
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(/(["']\.\.?\/[^"'\n]*)\.ts(["'])/g, "$1.js$2"));
  }
  const old = join(packageDir, `.dist-old-${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(join(packageDir, "dist"), old);
  } catch {
    // first build: nothing to move aside
  }
  renameSync(dist, join(packageDir, "dist"));
  rmSync(old, { recursive: true, force: true });
}

/** Newest modification time of the package's sources (what `dist/` is built from). */
export function newestSource(packageDir) {
  const config = JSON.parse(readFileSync(join(packageDir, "tsconfig.build.json"), "utf8"));
  return Math.max(...sourceFiles(resolve(packageDir, config.compilerOptions.rootDir)).map((file) => statSync(file).mtimeMs));
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith(".") ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function sourceDeclarations(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith(".") ? [] : sourceDeclarations(path, base);
    return entry.name.endsWith(".d.ts") ? [relative(base, path)] : [];
  });
}

if (import.meta.filename === process.argv[1]) buildPackage(resolve(process.argv[2] ?? "."));
