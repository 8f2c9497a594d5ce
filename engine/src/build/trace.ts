import { copyFile, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { nodeFileTrace } from "@vercel/nft";
import { dirname, join } from "pathe";
import type { RollupOutput } from "rollup";
import type { ResolvedOptions } from "../types/config.ts";
import { chunksOf } from "./bundle.ts";
import { createError } from "./errors.ts";
import { packageName, resolveFromApp } from "./resolve.ts";

const NODE_MODULES = "/node_modules/";

/**
 * Copies the platform's `traceDeps` that the bundle imports (native addons, which cannot be
 * bundled) into `<serverDir>/node_modules`, with exactly the files they load at run time as
 * found by @vercel/nft (for better-sqlite3: its `lib/`, `bindings`, `file-uri-to-path` and the
 * compiled `.node` file), so the output runs from an empty folder.
 * @returns the copied package specifiers.
 */
export async function traceDependencies(options: ResolvedOptions, output: RollupOutput): Promise<string[]> {
  const traced = new Set(options.preset.traceDeps ?? []);
  const imported = new Set<string>();
  for (const chunk of chunksOf(output)) {
    for (const id of [...chunk.imports, ...chunk.dynamicImports]) {
      if (traced.has(packageName(id))) imported.add(id);
    }
  }
  if (imported.size === 0) return [];
  for (const id of imported) assertInstalled(id, options.rootDir);
  const fileList = await traceImports([...imported], options.output.serverDir);
  const target = join(options.output.serverDir, "node_modules");
  for (const file of fileList) {
    const path = `/${file}`;
    // Keep the path below the first node_modules, so nested versions stay nested.
    const at = path.indexOf(NODE_MODULES);
    if (at < 0) continue;
    const dest = join(target, path.slice(at + NODE_MODULES.length));
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(await realpath(path), dest);
  }
  return [...imported].sort();
}

/**
 * Traces from a throwaway module beside the bundle that imports the packages the way the bundle
 * does, so nft resolves them with the same (ESM) export conditions Node will use at run time.
 */
async function traceImports(ids: string[], serverDir: string): Promise<Set<string>> {
  const entry = join(serverDir, "_edgeplate-trace.mjs");
  await writeFile(entry, ids.map((id) => `import ${JSON.stringify(id)};`).join("\n"));
  try {
    return (await nodeFileTrace([entry], { base: "/", processCwd: serverDir })).fileList;
  } finally {
    await rm(entry, { force: true });
  }
}

function assertInstalled(id: string, rootDir: string): void {
  if (resolveFromApp(`${packageName(id)}/package.json`, rootDir)) return;
  throw createError("bundle", `\`${id}\` is imported by the server but not installed. Run \`npm install ${packageName(id)}\` in the app.`);
}
