import { rm } from "node:fs/promises";
import { join, resolve } from "pathe";
import { serve } from "srvx/node";
import type { EdgeplateConfig } from "../types/config.ts";
import { renderErrorPage, type ErrorBody } from "../runtime/internal/error.ts";
import { compileMatcher, type ServerMatcher } from "../vite/matcher.ts";
import type { DevBuild, DevBuilder, Reload } from "./dev-build.ts";
import { BuildThread } from "./dev-build-client.ts";
import { collectWhenIdle } from "./dev-gc.ts";
import { DevRunner } from "./dev-runner.ts";
import { currentUpTo, settle, watchSources, type SourceChange } from "./dev-watch.ts";
import { logger } from "./logger.ts";
import { registerDevServer } from "../config-fetch.ts";
import { proxyUpgrade } from "./dev-websocket.ts";

export interface DevController {
  /** Answers with the newest build, after any source change made before the request (never stale). */
  fetch: (request: Request) => Promise<Response>;
  /** Whether the app answers a request; `"entry"`: only its `server.ts` might (see `ServerMatcher`). */
  matches: (method: string, url: string) => Promise<boolean | "entry">;
  /** The newest build's WebSocket listener (`websocket: true`), for `proxyUpgrade` (dev-websocket.ts). */
  websocketPort: () => Promise<number | undefined>;
  close: () => Promise<void>;
}

interface Served {
  runner?: DevRunner;
  build?: DevBuild;
  error?: BuildFailure;
  matcher?: ServerMatcher;
}

/** A build that failed; `located`: its message already shows the file, line and source (errors.ts). */
type BuildFailure = Error & { located?: boolean };

/**
 * `edgeplate dev` and the Vite plugin's dev server: has the app rebuilt into `.edgeplate/dev/<n>/`
 * when the watcher reports a change (dev-build.ts, in its own thread: dev-build-client.ts), serves
 * each build from its own worker thread (dev-runner.ts) and replaces it, with its files, on the next.
 */
export async function createDevController(rootDir: string, overrides?: EdgeplateConfig, threads: DevThreads = {}): Promise<DevController> {
  rootDir = resolve(rootDir);
  const outDir = join(rootDir, ".edgeplate/dev");
  // A thread started ahead of the next build, so a rebuild does not wait for one to boot.
  let spare: DevRunner | undefined = threads.runner ?? new DevRunner();
  // Config overrides that hold functions (a Vite config's inline hook) cannot reach a thread: those builds run here.
  const thread = threads.builder?.rootDir === rootDir ? threads.builder : BuildThread.accepts(overrides) ? new BuildThread(rootDir, overrides) : undefined;
  if (threads.builder && threads.builder !== thread) void threads.builder.close();
  thread?.connect((request) => fetchBuild(request));
  const builder: DevBuilder = thread ?? (await import("./dev-build.ts")).createDevBuilder(rootDir, overrides);
  /** The dependencies (outside the bundle) the last build imported: a spare loads them while it waits. */
  let dependencies: string[] = [];
  // The first thread loads what the last dev server's builds imported while the builder loads the config and bundles.
  void builder.dependencies().then(
    (list) => spare?.preload((dependencies = list)),
    () => {},
  );
  /** The folders of the app's public files, from the last build's config. */
  let publicDirs: string[] = [];
  // What must be read again at the next build; set by the watcher, cleared only by a build that did.
  let reload: Reload = { options: true, public: true, scan: true };
  let current: Served = {};
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
  // This thread's garbage too: under Vite it is Vite's thread, whose own work on each change is collected as lazily.
  const collector = collectWhenIdle();
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
  const retire = (served: Served) => {
    const done = (async () => {
      await served.runner?.close();
      if (served.build) await rm(served.build.dir, { recursive: true, force: true });
    })().finally(() => retiring.delete(done));
    retiring.add(done);
  };

  const watcher = watchSources(
    rootDir,
    (change) => {
      later.push(change);
      collector.busy();
      if (change.config) reload.options = true;
      if (publicDirs.some((dir) => change.path === dir || change.path.startsWith(`${dir}/`))) reload.public = true;
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

  const rebuild = async (): Promise<void> => {
    const seq = watcher.seq;
    const buildStart = Date.now();
    const wanted = reload;
    reload = { options: false, public: false, scan: false };
    const outcome = await builder.build(wanted);
    publicDirs = outcome.publicDirs.length > 0 ? outcome.publicDirs : publicDirs;
    let read = new Map<string, string>();
    let sources = outcome.sources;
    let failure: BuildFailure | undefined = outcome.error && Object.assign(new Error(outcome.error.message), outcome.error);
    if (outcome.build) {
      const build = outcome.build;
      const runner = takeRunner();
      try {
        await runner.load(build.entry, build.publicSources);
        dependencies = build.dependencies;
        read = new Map(Object.entries(build.modules));
        const previous = current;
        current = { runner, build, matcher: compileMatcher(build.matcher) };
        retire(previous);
        builder.served();
        collector.built();
      } catch (error) {
        // The app's modules threw while loading: a build error too, whose files must all be read again.
        await runner.close();
        await rm(build.dir, { recursive: true, force: true });
        failure = error as Error;
        sources = [];
        builder.served({ message: failure.message, stack: failure.stack });
      }
    }
    if (failure) {
      reload = { options: reload.options || wanted.options, public: reload.public || wanted.public, scan: reload.scan || wanted.scan };
      current = { ...current, error: failure };
    }
    if (!closed) await watcher.follow(sources, buildStart);
    // `catchUp` then moves past the changes that only rewrote what this build read.
    built = read;
    builtSeq = seq;
  };

  /** Resolves once a build has started after every change made before this call. */
  const fresh = async (): Promise<Served> => {
    await watcher.ready;
    await settle();
    // Without a working watcher nothing says what changed: build again rather than risk old code.
    if (watcher.failed) {
      await catchingUp;
      builtSeq = -1;
    }
    if (builtSeq !== watcher.seq) await catchUp();
    // A thread that ended on its own (an uncaught error in the app) is replaced, with the same build.
    if (current.runner?.exited && current.build) {
      const runner = takeRunner();
      await runner.load(current.build.entry, current.build.publicSources).catch(() => {});
      current.runner = runner;
    }
    return current;
  };

  // The first build runs while the server starts listening; the first requests wait for it.
  void watcher.ready.then(catchUp);

  const fetchBuild = async (request: Request): Promise<Response> => {
    const served = await fresh();
    if (served.error || !served.runner) return buildErrorResponse(served.error ?? new Error("no dev build"), request);
    return served.runner.fetch(request);
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
      await Promise.all([current.runner?.close(), spare?.close(), ...retiring]);
      spare = undefined;
      // The current build, when no change came after it, serves the next dev server if nothing changes meanwhile.
      if (!watcher.failed) await confirm(builtSeq, built);
      const { build, error } = current;
      await builder.close(build && !error && builtSeq === watcher.seq ? build.dir : undefined);
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

function buildErrorResponse(error: BuildFailure, request: Request): Response {
  const body: ErrorBody = {
    error: true,
    status: 500,
    statusText: "Build Error",
    message: error.message,
    // A located error shows its source line in the message; a stack would only show the bundler's.
    stack: error.located
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

/** Threads the caller started while the dev server's own modules were still loading. */
export interface DevThreads {
  /** The first build's runner (`new DevRunner()`). */
  runner?: DevRunner;
  /** The build thread (`new BuildThread(rootDir)`: no overrides), used when its `rootDir` is the dev server's. */
  builder?: BuildThread;
}

export interface DevServerOptions extends DevThreads {
  rootDir?: string;
  port?: number | string;
  host?: string;
}

/** `edgeplate dev`: the dev controller behind a Node server. */
export async function createDevServer(opts: DevServerOptions = {}) {
  const controller = await createDevController(opts.rootDir ?? ".", undefined, opts);
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
