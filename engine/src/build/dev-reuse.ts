import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "pathe";
import type { ResolvedOptions } from "../types/config.ts";
import { hashBytes } from "./hash.ts";
import type { PublicFile } from "./public.ts";
import type { ScannedApp } from "./scan.ts";

/**
 * The last dev server's final build, served again by the next one when nothing it was made from
 * has changed: a restarted `edgeplate dev` then answers without loading rollup or bundling. What
 * it was made from: the options, the scan of the app's folders and its public files (the virtual
 * modules are made of these), every file rollup loaded (compared by content), the folders of the
 * app's own files (a file added there may resolve an import differently), the files that decide
 * resolution and transforms (package.json, lockfiles, tsconfig.json) and the dependencies Node
 * loads from `node_modules`. Anything else — a function in the config (a plugin or hook whose
 * behaviour its source does not show), a file that cannot be read — means a new build.
 */
export interface LastBuild {
  key: string;
  /** The entry, relative to the build's folder. */
  entry: string;
  publicSources: Record<string, string>;
  /** The dependencies the build imported (`file:` URLs), which a spare thread preloads. */
  dependencies: string[];
  /** The app's sources outside its source folders that the build read (the watcher follows their folders). */
  sources: string[];
  /** Every file rollup loaded → the hash (`hashBytes`) of the code it read. */
  modules: Record<string, string>;
  /** The app's folders holding those files → their mtime when the build was kept. */
  folders: Record<string, number>;
}

const FORMAT = 1;
const lastDir = (rootDir: string) => join(rootDir, ".edgeplate/cache/dev-last");
const lastFile = (rootDir: string) => join(rootDir, ".edgeplate/cache/dev-last.json");
/** The files beside the app's sources that change how they resolve or compile. */
const SETTINGS = ["package.json", "tsconfig.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "deno.lock"];

/**
 * What a build is made of besides the files rollup loads, or `undefined` when that cannot be told
 * from data (the config holds a function: a rollup plugin, a hook, a virtual module's generator).
 */
export async function buildKey(options: ResolvedOptions, app: ScannedApp, publicFiles: PublicFile[], engine: string): Promise<string | undefined> {
  let opaque = false;
  const json = JSON.stringify({ options, app, publicFiles }, (key, value: unknown) => {
    // The engine's own hook runner and host preset: the engine's version in `engine` stands for them.
    if (key === "hooks" && value === options.hooks) return undefined;
    if (key === "preset" && value === options.preset) return options.preset.name;
    // The host's own plugins are the preset's; the app's are in `options.config`, looked at below.
    if (key === "rollupPlugins" && value === options.rollupPlugins) return undefined;
    if (typeof value === "function" || typeof value === "symbol") opaque = true;
    return value instanceof RegExp ? String(value) : value;
  });
  if (opaque) return undefined;
  const settings = await Promise.all(SETTINGS.map((name) => readFile(join(options.rootDir, name), "utf8").then(hashBytes, () => "")));
  return hashBytes([FORMAT, engine, process.version, json, ...settings].join("\n"));
}

/** The dependencies the kept build imports: a thread started before the dev server loads them ahead. */
export async function lastDependencies(rootDir: string): Promise<string[]> {
  return readFile(lastFile(rootDir), "utf8").then(
    (text) => (JSON.parse(text) as LastBuild).dependencies,
    () => [],
  );
}

/** The folders of the app's files among `files` (dependencies and the engine live elsewhere). */
const appFolders = (files: string[]) => [...new Set(files.filter((f) => !f.includes("/node_modules/")).map((f) => dirname(f)))];

/** Keeps `dir` (the current build) for the next dev server, with what it was made of. */
export async function keepLastBuild(rootDir: string, dir: string, build: Omit<LastBuild, "folders">): Promise<void> {
  try {
    const folders = Object.fromEntries(await Promise.all(appFolders(Object.keys(build.modules)).map(async (f) => [f, (await stat(f)).mtimeMs] as const)));
    // A served kept build was moved out first (`takeLastBuild`): `dir` is always under `.edgeplate/dev`.
    const target = lastDir(rootDir);
    await rm(target, { recursive: true, force: true });
    await mkdir(dirname(target), { recursive: true });
    await rename(dir, target);
    await writeFile(lastFile(rootDir), JSON.stringify({ ...build, folders } satisfies LastBuild));
  } catch {
    // Not kept: the next dev server builds, as without it.
  }
}

/**
 * Moves the kept build to `into` and returns its record when it was made of what `key` and the
 * files say now; otherwise removes it. Either way it is no longer kept (until `keepLastBuild`).
 */
export async function takeLastBuild(rootDir: string, key: string | undefined, into: string): Promise<LastBuild | undefined> {
  const dir = lastDir(rootDir);
  const build = await readFile(lastFile(rootDir), "utf8").then(
    (text) => JSON.parse(text) as LastBuild,
    () => undefined,
  );
  const same = async (b: LastBuild) =>
    b.key === key &&
    (await every(Object.entries(b.modules), async ([file, hash]) => hashBytes(await readFile(file, "utf8")) === hash)) &&
    (await every(Object.entries(b.folders), async ([folder, mtime]) => (await stat(folder)).mtimeMs === mtime)) &&
    (await every(b.dependencies, async (url) => (await stat(fileURLToPath(url))).isFile())) &&
    (await stat(join(dir, b.entry))).isFile();
  const taken =
    key !== undefined &&
    build !== undefined &&
    (await same(build).catch(() => false)) &&
    (await mkdir(dirname(into), { recursive: true })
      .then(() => rename(dir, into))
      .then(
        () => true,
        () => false,
      ));
  await Promise.all([rm(lastFile(rootDir), { force: true }), taken ? undefined : rm(dir, { recursive: true, force: true })]);
  return taken ? build : undefined;
}

async function every<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  return (await Promise.all(items.map(test))).every(Boolean);
}
