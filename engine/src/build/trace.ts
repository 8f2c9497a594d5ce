import { existsSync } from "node:fs";
import { copyFile, mkdir, realpath } from "node:fs/promises";
import { dirname, join, relative } from "pathe";
import type { RollupOutput } from "rollup";
import type { ResolvedOptions } from "../types/config.ts";
import { chunksOf } from "./bundle.ts";
import { createError } from "./errors.ts";
import { packageName } from "./resolve.ts";

const NODE_MODULES = "/node_modules/";

/**
 * Copies the platform's `traceDeps` that the bundle imports (native addons, which cannot be
 * bundled) into `<serverDir>/node_modules`, with exactly the files they load at run time as
 * found by @vercel/nft (for better-sqlite3: its `lib/`, `bindings`, `file-uri-to-path` and the
 * compiled `.node` file), so the output runs from an empty folder.
 *
 * Tracing starts from the file each import resolved to during bundling (`resolved`), not from the
 * output folder: with the engine linked into the app (npm link, `file:`, pnpm) better-sqlite3 sits
 * next to the engine's real path, where nothing above `.output/server` would find it.
 * @returns the copied package specifiers, each checked to be loadable from the output.
 */
export async function traceDependencies(options: ResolvedOptions, output: RollupOutput, resolved: Map<string, string>): Promise<string[]> {
  const imported = new Set(chunksOf(output).flatMap((chunk) => [...chunk.imports, ...chunk.dynamicImports]));
  const entries = [...resolved].filter(([id]) => imported.has(id));
  if (entries.length === 0) return [];
  const target = join(options.output.serverDir, "node_modules");
  const roots = entries.map(([id, file]) => packageRoot(packageName(id), file));
  const destOf = destinations(roots);
  // Loaded only here: most apps trace nothing, and nft is a sixth of the CLI's start-up.
  const { nodeFileTrace } = await import("@vercel/nft");
  const { fileList } = await nodeFileTrace(
    entries.map(([, file]) => file),
    { base: "/" },
  );
  // Node reads each package's package.json to resolve the import; nft lists only what code loads.
  const files = new Set([...[...fileList].map((f) => `/${f}`), ...roots.map(({ dir }) => join(dir, "package.json"))]);
  for (const path of files) {
    const dest = destOf(path);
    if (dest) await copyInto(path, join(target, dest), options);
  }
  for (const [id, file] of entries) assertCopied(id, join(target, destOf(file) ?? ""), options);
  return entries.map(([id]) => id).sort();
}

interface PackageRoot {
  name: string;
  dir: string;
}

/** The installed folder of package `name`, from a file inside it (it need not sit in node_modules). */
function packageRoot(name: string, file: string): PackageRoot {
  const at = file.lastIndexOf(`${NODE_MODULES}${name}/`);
  if (at >= 0) return { name, dir: file.slice(0, at + NODE_MODULES.length + name.length) };
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return { name, dir };
}

/**
 * Where each traced file goes below the output's `node_modules`: a traced package's own files under
 * its name (however deep it was installed); its dependencies as they sat relative to it, so nested
 * versions stay nested and hoisted ones are found by Node's lookup from the package, as before.
 */
function destinations(roots: PackageRoot[]): (path: string) => string | undefined {
  // Every node_modules folder above a traced package: where Node looks for what that package requires.
  const anchors = [...new Set(roots.flatMap(({ dir }) => [...dir.matchAll(/\/node_modules\//g)].map((m) => dir.slice(0, m.index + NODE_MODULES.length))))];
  anchors.sort((a, b) => b.length - a.length);
  return (path) => {
    const own = roots.find(({ dir }) => path.startsWith(`${dir}/`));
    if (own) return `${own.name}/${path.slice(own.dir.length + 1)}`;
    const anchor = anchors.find((a) => path.startsWith(a));
    // pnpm keeps each package in `.pnpm/<name@version>/node_modules/<name>`; Node resolves `<name>`.
    return anchor && path.slice(anchor.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, "");
  };
}

async function copyInto(path: string, dest: string, options: ResolvedOptions): Promise<void> {
  try {
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(await realpath(path), dest);
  } catch (error) {
    throw createError("bundle", `could not copy \`${path}\` to \`${relative(options.rootDir, dest)}\`: ${(error as Error).message}`);
  }
}

/** The file the bundle imports, and its package.json (which Node reads to resolve it), must be there. */
function assertCopied(id: string, entry: string, options: ResolvedOptions): void {
  const pkg = join(options.output.serverDir, "node_modules", packageName(id), "package.json");
  const missing = [entry, pkg].find((file) => !existsSync(file));
  if (!missing) return;
  throw createError(
    "bundle",
    `\`${id}\` was traced but \`${relative(options.rootDir, missing)}\` is missing from the output, so the server could not load it. Check that \`${packageName(id)}\` installed completely (\`npm rebuild ${packageName(id)}\`).`,
  );
}
