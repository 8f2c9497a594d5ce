import { rm } from "node:fs/promises";
import { join, relative, resolve } from "pathe";
import type { RollupError } from "rollup";
import type { EdgeplateConfig, ResolvedOptions } from "../types/config.ts";
import { matcherSpec, type MatcherSpec } from "../vite/matcher.ts";
import { devExternals, isDevExternal, nativeRuntime, seedNativeRuntime } from "./dev-externals.ts";
import { cacheWithoutAsts, engineKey, readDevCache, writeDevCache } from "./dev-cache.ts";
import { buildKey, keepLastBuild, takeLastBuild, type LastBuild } from "./dev-reuse.ts";
import { collectWhenIdle } from "./dev-gc.ts";
import { importedSources } from "./dev-watch.ts";
import { formatBuildError, isLocatedError } from "./errors.ts";
import { hashBytes } from "./hash.ts";
import { formatMs, logger } from "./logger.ts";
import { loadOptions } from "./options.ts";
import { callHookSafely, hookContext } from "./hooks.ts";
import { runtimeFile } from "./paths.ts";
import { resolveRenderer } from "./renderer.ts";
import { scanPublic, type PublicFile } from "./public.ts";
import { scanApp, type ScannedApp } from "./scan.ts";

/** What the watcher says must be read again before the next build. */
export interface Reload {
  options: boolean;
  public: boolean;
  scan: boolean;
}

/** A finished dev build, as data (it crosses from the build thread to the dev server's). */
export interface DevBuild {
  /** This build's folder under `.edgeplate/dev`, removed once its runner has closed. */
  dir: string;
  entry: string;
  publicSources: Record<string, string>;
  /** Each file rollup loaded → the hash of the code it read (dev-watch.ts `currentUpTo`). */
  modules: Record<string, string>;
  /** The dependencies (outside the bundle) it imports: a spare runner loads them ahead. */
  dependencies: string[];
  matcher: MatcherSpec;
}

/** A build's outcome; either way, the sources it read (the watcher follows them) and the public folders. */
export type DevBuildOutcome = { sources: string[]; publicDirs: string[] } & (
  { build: DevBuild; error?: undefined } | { build?: undefined; error: { message: string; stack?: string; located: boolean } }
);

/** The build side of the dev server; dev-build-thread.ts runs it in its own thread. */
export interface DevBuilder {
  /** The dependencies the last dev server's builds imported, for the first runner to preload. */
  dependencies: () => Promise<string[]>;
  build: (wanted: Reload) => Promise<DevBuildOutcome>;
  /** The dev server loaded the last build (or failed to, with `failure`): its hooks and its line in the log. */
  served: (failure?: { message: string; stack?: string }) => void;
  /** Runs the `close` hook and keeps the rollup cache; keeps the build in `keep` (its `dir`) for the next dev server. */
  close: (keep?: string) => Promise<void>;
}

/**
 * Rebuilds the app into `.edgeplate/dev/<n>/`: loads the config when it changed (and runs its
 * build hooks), scans the app's folders when files came or went, and bundles with rollup's cache
 * (unchanged modules are not transformed again). The first build may be the last dev server's
 * (dev-reuse.ts), served again without loading rollup. `restart` numbers a builder that replaces one.
 */
export function createDevBuilder(rootDir: string, overrides?: EdgeplateConfig, restart?: number): DevBuilder {
  rootDir = resolve(rootDir);
  const outDir = join(rootDir, ".edgeplate/dev");
  // A builder that replaces one (`restart`: its build thread ended) leaves the builds being served
  // in place, and names its own apart from theirs.
  const cleared = restart ? Promise.resolve() : rm(outDir, { recursive: true, force: true }).then(() => {});
  // Needed by the first bundle only: a first build that is the last dev server's does not wait for it.
  const cacheRead = readDevCache(rootDir).then((saved) => {
    if (saved.native) seedNativeRuntime(saved.native);
    cache = saved.rollup;
    // Unless a first build (the last dev server's) said which it imports.
    if (!made) dependencies = saved.dependencies;
  });
  let cache: Awaited<ReturnType<typeof readDevCache>>["rollup"];
  /** The dependencies (outside the bundle) the last build imported. */
  let dependencies: string[] = [];
  const keep = async () => writeDevCache(rootDir, cache, dependencies, [...(await nativeRuntime())]);
  let options: ResolvedOptions | undefined;
  /** `options` as loaded, without the dev build's own plugins (what dev-reuse.ts keys a build by). */
  let loadedOptions: ResolvedOptions | undefined;
  /** The first build may be the last dev server's (dev-reuse.ts): looked for once. */
  let lookForLast = !restart;
  let publicFiles: PublicFile[] | undefined;
  let typesWritten: Promise<void> = Promise.resolve();
  /** The last scan of the app's folders, kept while the watcher reports content edits only (the same files). */
  let scanned: ScannedApp | undefined;
  /** What the newest good build was made of, to keep it for the next dev server (dev-reuse.ts). */
  let made: { dir: string; options: ResolvedOptions; app: ScannedApp; publicFiles: PublicFile[]; record: Omit<LastBuild, "folders" | "key"> } | undefined;
  const collector = collectWhenIdle();
  let generation = 0;
  const publicDirs = () => (options ? [join(options.rootDir, "public"), ...options.publicAssets.map((a) => a.dir)] : []);

  const build = async (wanted: Reload): Promise<DevBuildOutcome> => {
    collector.busy();
    await cleared;
    const start = performance.now();
    let sources: string[] = [];
    try {
      if (wanted.options || !options) {
        const loaded = (loadedOptions = await loadOptions({ rootDir, dev: true, overrides }));
        options = { ...loaded, rollupPlugins: [...loaded.rollupPlugins, devExternals(), cacheWithoutAsts()] };
        // As Nitro, once per loaded config (its hooks may keep state across dev builds).
        await options.hooks.callHook("build:before", hookContext(options));
      }
      // Nitro's watcher events run their hooks without waiting for them: a `dev:start` hook
      // that fetches from the dev server gets its answer once this build is ready.
      callHookSafely(options, "dev:start");
      if (wanted.options || wanted.public || !publicFiles) publicFiles = await scanPublic(options);
      if (wanted.options || wanted.scan || !scanned) scanned = await scanApp(rootDir, options);
      const [app, publicList] = [scanned, publicFiles];
      // For the editor and `tsc`, not for this build: written beside it, after the first answer
      // (fetchdts's compiler loads only then), one write at a time. Rewritten only when the routes changed.
      const typesFor = options;
      typesWritten = typesWritten
        .then(() => import("./types/index.ts"))
        .then(({ writeRouteTypes }) => writeRouteTypes(typesFor, app))
        .then(
          () => {},
          (error: Error) => logger.warn(`Writing the route types (.edgeplate/types) failed: ${error.message}`),
        );
      const last = lookForLast ? await takeLastBuild(rootDir, await buildKey(loadedOptions!, app, publicList, await engineKey()), join(outDir, "0")) : undefined;
      lookForLast = false;
      let result: DevBuild;
      if (last) {
        const dir = join(outDir, "0");
        sources = last.sources;
        dependencies = last.dependencies;
        result = { dir, entry: join(dir, last.entry), publicSources: last.publicSources, modules: last.modules, dependencies, matcher: matcherFor(app, options) };
        // Loaded while the app answers its first requests, for the first edit's build.
        setTimeout(() => void import("./bundle.ts").catch(() => {}), 200).unref();
      } else {
        const [{ bundle, chunksOf }] = await Promise.all([import("./bundle.ts"), cacheRead]);
        const dir = join(outDir, restart ? `${restart}-${++generation}` : String(++generation));
        const built = await bundle({ options, ctx: () => ({ options: options!, app, publicFiles: publicList }), entry: runtimeFile("entries/dev"), outDir: dir, cache });
        cache = built.cache;
        sources = importedSources(built.watchFiles);
        dependencies = [...new Set(chunksOf(built.output).flatMap((chunk) => chunk.imports.filter(isDevExternal)))];
        const modules = Object.fromEntries((cache?.modules ?? []).filter((m) => m.id.startsWith("/")).map((m) => [m.id, hashBytes(m.originalCode)]));
        const publicSources = Object.fromEntries(publicList.map((f) => [f.path, f.source]));
        result = { dir, entry: join(dir, options.output.entryName), publicSources, modules, dependencies, matcher: matcherFor(app, options) };
      }
      made = {
        dir: result.dir,
        options: loadedOptions!,
        app,
        publicFiles: publicList,
        record: { entry: relative(result.dir, result.entry), publicSources: result.publicSources, dependencies, sources, modules: result.modules },
      };
      // Kept for the next dev server from the first build on, then again when this one closes.
      if (generation === 1 && !last) void keep();
      collector.built();
      const reused = last ? " (the last dev server's: nothing it was made from has changed)" : "";
      pending = { start, line: `${app.routes.length} routes${reused}` };
      return { build: result, sources, publicDirs: publicDirs() };
    } catch (error) {
      // A failed bundle lists only what it read before failing.
      sources = importedSources((error as RollupError).watchFiles ?? []);
      const located = formatBuildError(error as Error, rootDir);
      failed(located);
      return { error: { message: located.message, stack: located.stack, located: isLocatedError(located) }, sources, publicDirs: publicDirs() };
    }
  };

  /** The build handed to the dev server, until it says it serves it. */
  let pending: { start: number; line: string } | undefined;
  const failed = (error: Error) => {
    logger.error(`Dev build failed: ${error.message}`);
    callHookSafely(options, "dev:error", error);
  };

  return {
    dependencies: async () => (await cacheRead, dependencies),
    build,
    served(failure) {
      const done = pending;
      pending = undefined;
      if (failure) return failed(Object.assign(new Error(failure.message), { stack: failure.stack }));
      if (!done || !options) return;
      callHookSafely(options, "compiled", hookContext(options));
      callHookSafely(options, "dev:reload");
      logger.success(`Dev build ready ${formatMs(performance.now() - done.start)}: ${done.line}`);
    },
    async close(keepDir) {
      await Promise.all([cleared, cacheRead]);
      await options?.hooks.callHook("close")?.catch((error: Error) => logger.error(`build hook \`close\` failed: ${error.message}`));
      await Promise.all([keep(), typesWritten]);
      if (made && made.dir === keepDir) {
        const key = await buildKey(made.options, made.app, made.publicFiles, await engineKey());
        if (key) await keepLastBuild(rootDir, made.dir, { ...made.record, key });
      }
    },
  };
}

function matcherFor(app: ScannedApp, options: ResolvedOptions): MatcherSpec {
  return matcherSpec(app, options.routeRules, resolveRenderer(options) !== undefined);
}
