import { rm } from "node:fs/promises";
import { join, relative, resolve } from "pathe";
import type { RollupError } from "rollup";
import { serve } from "srvx/node";
import type { EdgeplateConfig, ResolvedOptions } from "../types/config.ts";
import { renderErrorPage, type ErrorBody } from "../runtime/internal/error.ts";
import { compileMatcher, type ServerMatcher } from "../vite/matcher.ts";
import { devExternals, isDevExternal, nativeRuntime, seedNativeRuntime } from "./dev-externals.ts";
import { cacheWithoutAsts, engineKey, readDevCache, writeDevCache } from "./dev-cache.ts";
import { buildKey, keepLastBuild, takeLastBuild, type LastBuild } from "./dev-reuse.ts";
import { collectWhenIdle } from "./dev-gc.ts";
import { DevRunner } from "./dev-runner.ts";
import { currentUpTo, importedSources, settle, watchSources, type SourceChange } from "./dev-watch.ts";
import { formatBuildError, isLocatedError } from "./errors.ts";
import { hashBytes } from "./hash.ts";
import { formatMs, logger } from "./logger.ts";
import { loadOptions } from "./options.ts";
import { callHookSafely, hookContext } from "./hooks.ts";
import { registerDevServer } from "../config-fetch.ts";
import { runtimeFile } from "./paths.ts";
import { resolveRenderer } from "./renderer.ts";
import { scanPublic, type PublicFile } from "./public.ts";
import { scanApp, type ScannedApp } from "./scan.ts";
import { proxyUpgrade } from "./dev-websocket.ts";

export interface DevController {
  /** Answers with the newest build, after any source change made before the request (never stale). */
  fetch: (request: Request) => Promise<Response>;
  /** Whether the app's server answers `method url` (the Vite plugin asks for each request). */
  /** Whether the app answers a request; `"entry"`: only its `server.ts` might (see `ServerMatcher`). */
  matches: (method: string, url: string) => Promise<boolean | "entry">;
  /** The newest build's WebSocket listener (`websocket: true`), for `proxyUpgrade` (dev-websocket.ts). */
  websocketPort: () => Promise<number | undefined>;
  close: () => Promise<void>;
}

interface Build {
  runner?: DevRunner;
  /** This build's folder under `.edgeplate/dev`, removed once its runner has closed. */
  dir?: string;
  entry?: string;
  publicSources?: Record<string, string>;
  error?: Error;
  matcher?: ServerMatcher;
  /** What it was made of and what it read, to keep it for the next dev server (dev-reuse.ts). */
  made?: { options: ResolvedOptions; app: ScannedApp; publicFiles: PublicFile[]; record: Pick<LastBuild, "dependencies" | "sources" | "modules"> };
}

/**
 * `edgeplate dev` and the Vite plugin's dev server: rebuilds the app into `.edgeplate/dev/<n>/`
 * when the watcher reports a change (rollup's cache keeps unchanged modules), serves each build
 * from its own worker thread (dev-runner.ts) and replaces it, with its files, on the next build.
 */
export async function createDevController(rootDir: string, overrides?: EdgeplateConfig, started?: DevRunner): Promise<DevController> {
  rootDir = resolve(rootDir);
  const outDir = join(rootDir, ".edgeplate/dev");
  // A thread started ahead of the next build, so a rebuild does not wait for one to boot.
  let spare: DevRunner | undefined = started ?? new DevRunner();
  const [saved] = await Promise.all([readDevCache(rootDir), rm(outDir, { recursive: true, force: true })]);
  let cache = saved.rollup;
  if (saved.native) seedNativeRuntime(saved.native);
  const keep = async () => writeDevCache(rootDir, cache, dependencies, [...(await nativeRuntime())]);
  /** The dependencies (outside the bundle) the last build imported: a spare loads them while it waits. */
  let dependencies = saved.dependencies;
  // The first thread loads what the last dev server's builds imported while this one loads its config and bundles.
  spare.preload(dependencies);
  let options: ResolvedOptions | undefined;
  /** `options` as loaded, without the dev build's own plugins (what dev-reuse.ts keys a build by). */
  let loadedOptions: ResolvedOptions | undefined;
  /** The first build may be the last dev server's (dev-reuse.ts): looked for once. */
  let lookForLast = true;
  let publicFiles: PublicFile[] | undefined;
  let typesWritten: Promise<void> = Promise.resolve();
  /** The last scan of the app's folders, kept while the watcher reports content edits only (the same files). */
  let scanned: ScannedApp | undefined;
  // What must be read again at the next build; set by the watcher, cleared only by a build that did.
  let reload = { options: true, public: true, scan: true };
  let current: Build = {};
  /** The watcher's `seq` when the last finished build started: it is current while they are equal. */
  let builtSeq = -1;
  /** The changes after `builtSeq`: a build may already have read what they wrote. */
  let later: SourceChange[] = [];
  /** Each file the current build loaded (an absolute path) → the hash of the code it read. */
  let built = new Map<string, string>();
  /** Moves `builtSeq` past the changes that rewrote a file the build read with what it read. */
  const confirm = async (seq: number, read: ReadonlyMap<string, string>) => {
    builtSeq = await currentUpTo(seq, later, read);
    later = later.filter((change) => change.seq > builtSeq);
  };
  let kick: NodeJS.Immediate | undefined;
  const afterBuild = collectWhenIdle();
  let generation = 0;
  let closed = false;
  const takeRunner = () => {
    const runner = spare && !spare.exited ? spare : new DevRunner();
    spare = undefined;
    setTimeout(() => {
      if (closed || spare) return;
      spare = new DevRunner();
      spare.preload(dependencies);
    }, 0).unref();
    return runner;
  };
  /** Replaced builds still closing; `close` waits for them, or a late removal would hit the next dev server's build of the same number. */
  const retiring = new Set<Promise<void>>();
  const retire = (build: Build) => {
    const done = (async () => {
      await build.runner?.close();
      if (build.dir) await rm(build.dir, { recursive: true, force: true });
    })().finally(() => retiring.delete(done));
    retiring.add(done);
  };

  const watcher = watchSources(
    rootDir,
    (change) => {
      later.push(change);
      if (change.config) reload.options = true;
      if (options && isPublic(options, change.path)) reload.public = true;
      if (!change.contentOnly) reload.scan = true;
      // Start after this event-loop turn, so that the several events of one write make one build;
      // a request arriving meanwhile waits for it (or the one after it).
      kick ??= setImmediate(() => {
        kick = undefined;
        void catchUp();
      });
    },
    (error) =>
      logger.warn(
        `Watching the app's files failed (${error.message}): each request now rebuilds first, so none is answered by old code. Restart \`edgeplate dev\` once the cause (often the system's inotify limits) is fixed.`,
      ),
  );

  /** Builds until a build has started after the last change the watcher saw (one at a time). */
  let catchingUp: Promise<void> | undefined;
  const catchUp = (): Promise<void> =>
    (catchingUp ??= (async () => {
      try {
        while (!closed && builtSeq !== watcher.seq) {
          // Without a working watcher, every request builds (see `fresh`).
          if (!watcher.failed) await confirm(builtSeq, built);
          if (builtSeq !== watcher.seq) await rebuild();
        }
      } finally {
        catchingUp = undefined;
      }
    })());

  const rebuild = (): Promise<void> =>
    (async () => {
      const seq = watcher.seq;
      const start = performance.now();
      const buildStart = Date.now();
      const wanted = reload;
      reload = { options: false, public: false, scan: false };
      let files: string[] = [];
      let read = new Map<string, string>();
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
        const made = { options: loadedOptions!, app, publicFiles: publicList };
        const last = lookForLast ? await takeLastBuild(rootDir, await buildKey(made.options, app, publicList, await engineKey()), join(outDir, "0")) : undefined;
        lookForLast = false;
        let dir: string;
        let entry: string;
        let publicSources: Record<string, string>;
        if (last) {
          dir = join(outDir, "0");
          entry = join(dir, last.entry);
          publicSources = last.publicSources;
          read = new Map(Object.entries(last.modules));
          files = last.sources;
          dependencies = last.dependencies;
          // Loaded while the app answers its first requests, for the first edit's build.
          setTimeout(() => void import("./bundle.ts").catch(() => {}), 200).unref();
        } else {
          const { bundle, chunksOf } = await import("./bundle.ts");
          dir = join(outDir, String(++generation));
          const result = await bundle({ options, ctx: () => ({ options: options!, app, publicFiles: publicList }), entry: runtimeFile("entries/dev"), outDir: dir, cache });
          cache = result.cache;
          read = new Map((cache?.modules ?? []).filter((m) => m.id.startsWith("/")).map((m) => [m.id, hashBytes(m.originalCode)]));
          files = importedSources(result.watchFiles);
          dependencies = [...new Set(chunksOf(result.output).flatMap((chunk) => chunk.imports.filter(isDevExternal)))];
          entry = join(dir, options.output.entryName);
          publicSources = Object.fromEntries(publicList.map((f) => [f.path, f.source]));
        }
        const runner = takeRunner();
        await runner.load(entry, publicSources).catch(async (error: Error) => {
          await runner.close();
          await rm(dir, { recursive: true, force: true });
          throw error;
        });
        const previous = current;
        const record = { dependencies, sources: files, modules: Object.fromEntries(read) };
        current = { runner, dir, entry, publicSources, matcher: matcherFor(app, options), made: { ...made, record } };
        retire(previous);
        // Kept for the next dev server from the first build on, then again when this one closes.
        if (generation === 1) void keep();
        afterBuild();
        callHookSafely(options, "compiled", hookContext(options));
        callHookSafely(options, "dev:reload");
        const reused = last ? " (the last dev server's: nothing it was made from has changed)" : "";
        logger.success(`Dev build ready ${formatMs(performance.now() - start)}: ${app.routes.length} routes${reused}`);
      } catch (error) {
        // What failed must be read again next time; a failed bundle lists only what it read before failing.
        read = new Map();
        reload = { options: reload.options || wanted.options, public: reload.public || wanted.public, scan: reload.scan || wanted.scan };
        files = importedSources((error as RollupError).watchFiles ?? []);
        const located = formatBuildError(error as Error, rootDir);
        current = { ...current, error: located };
        logger.error(`Dev build failed: ${located.message}`);
        callHookSafely(options, "dev:error", located);
      } finally {
        if (!closed) await watcher.follow(files, buildStart);
        // `catchUp` then moves past the changes that only rewrote what this build read.
        built = read;
        builtSeq = seq;
      }
    })();

  /** Resolves once a build has started after every change made before this call. */
  const fresh = async (): Promise<Build> => {
    await watcher.ready;
    await settle();
    // Without a working watcher nothing says what changed: build again rather than risk old code.
    if (watcher.failed) {
      await catchingUp;
      builtSeq = -1;
    }
    if (builtSeq !== watcher.seq) await catchUp();
    // A thread that ended on its own (an uncaught error in the app) is replaced, with the same build.
    if (current.runner?.exited && current.entry) {
      const runner = takeRunner();
      await runner.load(current.entry, current.publicSources ?? {}).catch(() => {});
      current.runner = runner;
    }
    return current;
  };

  // The first build runs while the server starts listening; the first requests wait for it.
  void watcher.ready.then(catchUp);

  const fetchBuild = async (request: Request): Promise<Response> => {
    const build = await fresh();
    if (build.error || !build.runner) return buildErrorResponse(build.error ?? new Error("no dev build"), request);
    return build.runner.fetch(request);
  };
  // `serverFetch` called from the config (a `dev:start` hook, as Nitro's server-fetch example) reaches this server.
  const unregister = registerDevServer(fetchBuild);

  return {
    fetch: fetchBuild,
    async websocketPort() {
      return (await fresh()).runner?.websocketPort;
    },
    async matches(method, url) {
      return (await fresh()).matcher?.(method, url) ?? false;
    },
    async close() {
      closed = true;
      unregister();
      await watcher.close();
      await catchingUp;
      await options?.hooks.callHook("close")?.catch((error: Error) => logger.error(`build hook \`close\` failed: ${error.message}`));
      await Promise.all([current.runner?.close(), spare?.close(), keep(), typesWritten, ...retiring]);
      spare = undefined;
      // The current build, when no change came after it, serves the next dev server if nothing changes meanwhile.
      if (!watcher.failed) await confirm(builtSeq, built);
      const { dir, entry, publicSources, made, error } = current;
      if (dir && entry && publicSources && made && !error && builtSeq === watcher.seq) {
        const key = await buildKey(made.options, made.app, made.publicFiles, await engineKey());
        if (key) await keepLastBuild(rootDir, dir, { ...made.record, entry: relative(dir, entry), publicSources, key });
      }
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

function matcherFor(app: ScannedApp, options: ResolvedOptions): ServerMatcher {
  return compileMatcher(app, options.routeRules, resolveRenderer(options) !== undefined);
}

function isPublic(options: ResolvedOptions, path: string): boolean {
  return [join(options.rootDir, "public"), ...options.publicAssets.map((a) => a.dir)].some((dir) => path === dir || path.startsWith(`${dir}/`));
}

function buildErrorResponse(error: Error, request: Request): Response {
  const body: ErrorBody = {
    error: true,
    status: 500,
    statusText: "Build Error",
    message: error.message,
    // A located error shows its source line in the message; a stack would only show the bundler's.
    stack: isLocatedError(error)
      ? []
      : (error.stack ?? "")
          .split("\n")
          .slice(1, 8)
          .map((l) => l.trim()),
  };
  const html = (request.headers.get("accept") ?? "").includes("text/html");
  return new Response(html ? renderErrorPage(body) : JSON.stringify(body), {
    status: 500,
    headers: { "content-type": html ? "text/html; charset=utf-8" : "application/json" },
  });
}

export interface DevServerOptions {
  rootDir?: string;
  /** A thread the caller started (`new DevRunner()`) while the dev server's own modules were still loading. */
  runner?: DevRunner;
  port?: number | string;
  host?: string;
}

/** `edgeplate dev`: the dev controller behind a Node server. */
export async function createDevServer(opts: DevServerOptions = {}) {
  const controller = await createDevController(opts.rootDir ?? ".", undefined, opts.runner);
  const server = serve({ fetch: controller.fetch, port: opts.port ?? 3000, hostname: opts.host, gracefulShutdown: false, silent: true });
  await server.ready();
  server.node?.server?.on("upgrade", proxyUpgrade(controller.websocketPort));
  const shownHost = !opts.host || opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host;
  logger.ready(`Dev server on http://${shownHost}:${new URL(server.url!).port}/`);
  return {
    url: server.url!,
    close: async () => {
      await controller.close();
      await server.close(true);
    },
  };
}
