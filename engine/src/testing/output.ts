import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "../build/build.ts";
import { loadOptions } from "../build/options.ts";
import type { EdgeplateConfig } from "../types/config.ts";
import { buildViteApp, findViteConfig } from "../vite/cli.ts";

/** `.output/edgeplate.json`: what a build wrote, paths relative to the app folder. */
export interface BuildManifest {
  platform: string;
  /** The server entry; `null` for a files-only output (`static`). */
  entry: string | null;
  publicDir: string;
  commands: { preview?: string; deploy?: string };
}

export interface BuildAndCopyOptions {
  /** Target platform (default: the app's config, else `node-server`). */
  platform?: string;
  /** Config that wins over `edgeplate.config.ts`, as the CLI's flags do. */
  overrides?: EdgeplateConfig;
}

let builds = 0;

/**
 * Builds an app folder (a Vite app through `vite build`, as `edgeplate build` does) and copies
 * what its host would deploy to an empty temp folder, in the default layout: `.output/` plus the
 * host's own folders (`.netlify/`, `dist/`, `.vercel/`). Nothing there sees a `node_modules`, so
 * the copy runs only if the output is really standalone. Unless `overrides.output.dir` says
 * otherwise, the build goes to a folder of its own under `.edgeplate/test/` (removed after the
 * copy), so test files building one app at the same time never overwrite each other's output.
 * @returns the temp folder; remove it when done.
 * @example
 * const dir = await buildAndCopy("starters/minimal", { platform: "node-server" });
 * // dir/.output/server/index.mjs
 */
export async function buildAndCopy(rootDir: string, options: BuildAndCopyOptions = {}): Promise<string> {
  const root = resolve(rootDir);
  const own = options.overrides?.output?.dir ? undefined : join(root, `.edgeplate/test/build-${process.pid}-${++builds}`);
  const overrides: EdgeplateConfig = {
    ...options.overrides,
    ...(options.platform && { platform: options.platform }),
    ...(own && { output: { dir: join(own, "output") } }),
  };
  try {
    if (findViteConfig(root)) await buildViteApp(root, overrides, { logLevel: "warn", ...(own && { build: { outDir: join(own, "client") } }) });
    else await build({ rootDir: root, overrides });
    const { output } = await loadOptions({ rootDir: root, overrides });
    return copyOutput(root, output.dir);
  } finally {
    if (own) rmSync(own, { recursive: true, force: true });
  }
}

/** The manifest of a build (`edgeplate.json` in its output folder). */
export function readManifest(outputDir: string): BuildManifest {
  return JSON.parse(readFileSync(join(outputDir, "edgeplate.json"), "utf8")) as BuildManifest;
}

function copyOutput(rootDir: string, outputDir: string): string {
  const into = mkdtempSync(join(tmpdir(), "edgeplate-output-"));
  const manifest = readManifest(outputDir);
  // Verbatim: Vercel's ISR functions are relative links to the server function.
  cpSync(outputDir, join(into, ".output"), { recursive: true, verbatimSymlinks: true });
  for (const path of [manifest.entry && dirname(manifest.entry), manifest.publicDir]) {
    if (!path || isInside(resolve(rootDir, path), outputDir)) continue;
    // The host's folder as a whole (`.vercel/output/config.json` sits beside the function).
    const top = path.split(/[\\/]/)[0]!;
    if (top !== ".." && existsSync(join(rootDir, top))) cpSync(join(rootDir, top), join(into, top), { recursive: true, verbatimSymlinks: true });
  }
  // The manifest describes the copy, whose output is now `.output/` whatever it was called.
  const moved = (path: string) => (isInside(resolve(rootDir, path), outputDir) ? join(".output", relative(outputDir, resolve(rootDir, path))) : path);
  const copied = { ...manifest, entry: manifest.entry && moved(manifest.entry), publicDir: moved(manifest.publicDir) };
  writeFileSync(join(into, ".output/edgeplate.json"), `${JSON.stringify(copied, null, 2)}\n`);
  return into;
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + sep);
}
