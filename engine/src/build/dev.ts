import { rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { join } from "pathe";
import type { RollupCache, RollupError } from "rollup";
import type { EdgeplateConfig } from "../types/config.ts";
import { watch } from "chokidar";
import { serve } from "srvx/node";
import { renderErrorPage, type ErrorBody } from "../runtime/internal/error.ts";
import { bundle } from "./bundle.ts";
import { addToSnapshot, importedSources, sameSnapshot, snapshotSources, watchedPaths } from "./dev-watch.ts";
import { formatMs, logger } from "./logger.ts";
import { loadOptions } from "./options.ts";
import { runtimeFile } from "./paths.ts";
import { scanPublic } from "./public.ts";
import { scanApp } from "./scan.ts";
import { writeRouteTypes } from "./types/index.ts";

interface DevModule {
  fetch: (request: Request) => Promise<Response>;
  close: () => Promise<void>;
  setPublicAssetReader: (reader: (id: string) => Promise<BodyInit>) => void;
}

export interface DevController {
  fetch: (request: Request) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * Dev builds made in this process so far, across controllers: Node caches an ES module by its URL
 * for the life of the process, so an entry file name must never come back, not even from a new
 * controller (Vite makes one on each restart) that has wiped `.edgeplate/dev` and starts over.
 */
let builds = 0;

/**
 * Rebuilds the app into `.edgeplate/dev` when a source changes and answers requests with the newest
 * build. Every request first compares source mtimes, so an edit is never answered by a stale module.
 */
export async function createDevController(rootDir: string, overrides?: EdgeplateConfig): Promise<DevController> {
  const outDir = join(rootDir, ".edgeplate/dev");
  await rm(outDir, { recursive: true, force: true });
  let cache: RollupCache | undefined;
  let entryName: string | undefined;
  // `files`: what the build imported from elsewhere in the app (e.g. `lib/`), checked along with the source folders.
  let current: { mod?: DevModule; error?: Error; snapshot: Map<string, number>; files: string[] } | undefined;
  let building: Promise<void> | undefined;
  let closed = false;
  const followed = new Set<string>();
  // Snapshot and watch the files a build read; chokidar's `add` would reopen the watcher if a build ends after `close()`.
  const follow = async (snapshot: Map<string, number>, files: string[], buildStart: number): Promise<void> => {
    await addToSnapshot(snapshot, files, buildStart);
    const fresh = files.filter((file) => !followed.has(file));
    if (closed || fresh.length === 0) return;
    for (const file of fresh) followed.add(file);
    watcher.add(fresh);
  };

  const rebuild = (): Promise<void> =>
    (building ??= (async () => {
      const start = performance.now();
      const buildStart = Date.now();
      const previousFiles = current?.files ?? [];
      const snapshot = await snapshotSources(rootDir, previousFiles);
      const previous = current?.mod;
      let files = previousFiles;
      try {
        const options = await loadOptions({ rootDir, dev: true, overrides });
        const [app, publicFiles] = await Promise.all([scanApp(rootDir, options), scanPublic(options)]);
        // Rewritten only when the routes changed (added, removed, renamed).
        await writeRouteTypes(options, app);
        // A new entry file per build: a restarted dev server (Vite's restart) in the same process must not be answered by the modules of the previous one, which Node caches by URL.
        const name = `index-${++builds}.mjs`;
        const devOptions = { ...options, output: { ...options.output, entryName: name } };
        const result = await bundle({
          options: devOptions,
          ctx: () => ({ options: devOptions, app, publicFiles }),
          entry: runtimeFile("entries/dev"),
          outDir,
          cache,
          hashNames: true,
        });
        cache = result.cache;
        files = importedSources(rootDir, result.watchFiles);
        await follow(snapshot, files, buildStart);
        const mod = (await import(pathToFileURL(join(outDir, name)).href)) as DevModule;
        if (entryName) await rm(join(outDir, entryName), { force: true });
        entryName = name;
        const sources = new Map(publicFiles.map((f) => [f.path, f.source]));
        mod.setPublicAssetReader((id) => import("node:fs/promises").then((fs) => fs.readFile(sources.get(id)!)));
        current = { mod, snapshot, files };
        await previous?.close();
        logger.success(`Dev build ready ${formatMs(performance.now() - start)}: ${app.routes.length} routes`);
      } catch (error) {
        // A failed bundle lists only what it read before failing: keep the previous build's files too.
        files = [...new Set([...files, ...importedSources(rootDir, (error as RollupError).watchFiles ?? [])])];
        await follow(snapshot, files, buildStart);
        current = { mod: previous, error: error as Error, snapshot, files };
        logger.error(`Dev build failed: ${(error as Error).message}`);
      } finally {
        building = undefined;
      }
    })());

  const watcher = watch(watchedPaths(rootDir), { ignoreInitial: true });
  watcher.on("all", () => void rebuild());
  await rebuild();

  return {
    async fetch(request) {
      if (building) await building;
      if (!current || !sameSnapshot(current.snapshot, await snapshotSources(rootDir, current.files))) await rebuild();
      if (current?.error) return buildErrorResponse(current.error, request);
      return current!.mod!.fetch(request);
    },
    async close() {
      closed = true;
      await watcher.close();
      await current?.mod?.close();
    },
  };
}

function buildErrorResponse(error: Error, request: Request): Response {
  const body: ErrorBody = {
    error: true,
    status: 500,
    statusText: "Build Error",
    message: error.message,
    stack: (error.stack ?? "")
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
  port?: number | string;
  host?: string;
}

/** `edgeplate dev`: the dev controller behind a Node server. */
export async function createDevServer(opts: DevServerOptions = {}) {
  const controller = await createDevController(opts.rootDir ?? ".");
  const server = serve({ fetch: controller.fetch, port: opts.port ?? 3000, hostname: opts.host, gracefulShutdown: false, silent: true });
  await server.ready();
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
