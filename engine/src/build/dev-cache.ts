import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "pathe";
import type { Plugin, RollupCache } from "rollup";
import { engineDir, runtimeDir } from "./paths.ts";

/**
 * Rollup's cache of a dev server, kept for the next one: a dev server that starts again (the
 * usual `edgeplate dev` after `edgeplate dev`) re-uses the parsed and transformed modules of the
 * last instead of parsing them all. Rollup checks each cached module against the code it loads
 * now, so an edited file is never taken from here. Keyed by rollup's and the engine's version
 * (the cached form may change with either) and by `FORMAT`, raised when the dev build resolves
 * differently (rollup keeps a cached module's resolved imports: since 2, the runtime modules that
 * Node loads itself, dev-externals.ts; since 3, those that read the generated modules dev-bridge.ts stands for).
 */
const FORMAT = 3;
const file = (rootDir: string) => join(rootDir, ".edgeplate/cache/dev-rollup.json");

/** The versions of rollup and the engine, and the time the compiled runtime was written. */
export async function engineKey(): Promise<string> {
  const version = async (file: string) => (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
  // Read from its package.json: importing rollup for its `VERSION` would load it at every dev start.
  const rollup = await version(createRequire(import.meta.url).resolve("rollup/package.json"));
  const engine = await version(join(engineDir, "package.json"));
  // The compiled runtime's folder is written anew by every engine build (also without a version
  // change, inside this repository): its time keys the runtime scan kept here (`native`).
  const runtime = await stat(runtimeDir).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return `rollup ${rollup}, edgeplate ${engine}, runtime ${runtime}`;
}

const cacheKey = async () => `${await engineKey()}, dev cache ${FORMAT}`;

export interface DevCache {
  rollup?: RollupCache;
  /** The modules the last dev server's build left to Node (dev-externals.ts): a new one's first thread loads them ahead. */
  dependencies: string[];
  /** The runtime modules Node may load itself (dev-externals.ts `nativeRuntime`), so a new dev server need not parse the runtime again. */
  native?: string[];
}

export async function readDevCache(rootDir: string): Promise<DevCache> {
  try {
    const saved = JSON.parse(await readFile(file(rootDir), "utf8")) as { key: string; cache: RollupCache; dependencies?: string[]; native?: string[] };
    return saved.key === (await cacheKey()) ? { rollup: saved.cache, dependencies: saved.dependencies ?? [], native: saved.native } : { dependencies: [] };
  } catch {
    // None yet, or unreadable: the first build parses everything, as without a cache.
    return { dependencies: [] };
  }
}

export async function writeDevCache(rootDir: string, cache: RollupCache | undefined, dependencies: string[], native: string[]): Promise<void> {
  if (!cache) return;
  try {
    await mkdir(dirname(file(rootDir)), { recursive: true });
    await writeFile(file(rootDir), JSON.stringify({ key: await cacheKey(), cache, dependencies, native }));
  } catch {
    // A cache that cannot be written only makes the next start slower.
  }
}

/**
 * Keeps the dev builds' rollup cache free of syntax trees: rollup rebuilds a cached module from its
 * ESTree object node by node (`parseNode`, the largest part of a rebuild), and makes that object for
 * every module when the cache is read (a second parse). Without it rollup parses the cached, already
 * transformed code with its native parser instead, off the main thread; the transforms stay cached.
 * On a dev loop of vanilla-links: rollup's main-thread time 8% lower, garbage collection 17%.
 */
export function cacheWithoutAsts(): Plugin {
  return {
    name: "edgeplate:dev-cache-without-asts",
    options(input) {
      const cache = input.cache;
      if (!cache || cache === true) return null;
      // Rollup's type says every cached module has its tree (its own cache does); without one, its
      // `Module.setSource` parses the cached code instead.
      const modules = cache.modules.map((module) => ({ ...module, ast: undefined }) as unknown as typeof module);
      return { ...input, cache: { ...cache, modules } };
    },
    // Before bundle.ts reads `bundle.cache`, whose modules would otherwise each be parsed to ESTree for it.
    writeBundle() {
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if (info) Object.defineProperty(info, "ast", { value: null, configurable: true });
      }
    },
  };
}
