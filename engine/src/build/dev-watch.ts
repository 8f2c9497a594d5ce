import { readFile, stat } from "node:fs/promises";
import { watch, type FSWatcher } from "chokidar";
import { basename, dirname, join, normalize, resolve } from "pathe";
import { hashBytes } from "./hash.ts";
import { engineDir } from "./paths.ts";

/** Folders whose whole tree is the app's source; a file added anywhere in them may be a new route. */
const SOURCE_DIRS = ["routes", "api", "middleware", "plugins", "public", "assets", ".config"];
/** Never the app's sources: dependencies, build output, dev storage. */
const NOT_SOURCE = /\/(?:node_modules|\.git|\.edgeplate|\.output|\.data|\.netlify|\.vercel|\.wrangler)(?:\/|$)/;
/**
 * Files whose change means the options must be loaded again: `edgeplate.config` with any
 * extension (every one c12 loads, and a few it does not, which only reload the options once more)
 * and `.env`. Not c12's own list: importing c12 would cost the dev server's thread, which never
 * loads the config, a good part of every start (c12 loads its own dependencies at import).
 */
const CONFIG_FILE = /\/(?:edgeplate\.config\.[^/]+|\.env[^/]*|\.config\/[^/]+)$/;
/** A file's mtime can trail the wall clock by a timer tick or more, depending on the filesystem. */
const MTIME_SLACK_MS = 1000;

export interface SourceChange {
  /** The watcher's `seq` once it had seen this change. */
  seq: number;
  path: string;
  /** A config file or `.env`: the options must be loaded again. */
  config: boolean;
  /**
   * Only a file's content changed (inotify's `change`), so the set of files is what it was: a
   * scan of the app's folders would find the same routes. Any other event (a file added, removed
   * or renamed, which editors that save through a temporary file do too) may change the routes.
   */
  contentOnly: boolean;
}

export interface SourceWatcher {
  /** Goes up on every change the watcher has seen; a build made at `seq` is current while it stays. */
  readonly seq: number;
  /** Resolves once every folder is watched: a build that reads the sources after it misses no change. */
  readonly ready: Promise<void>;
  /**
   * Why watching stopped, once a watch failed (e.g. the system's limit of inotify instances or
   * watches): changes may then go unseen, so the dev server checks by rebuilding per request.
   */
  readonly failed?: Error;
  /**
   * Also watches the folders of `files` (sources a build read outside the app's source folders,
   * such as `lib/` or `../shared/`). A file written after `since` may have been read before its
   * folder was watched: that counts as a change.
   */
  follow(files: readonly string[], since: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches every source of the app with chokidar: the source folders' trees, the app root's own
 * files (config, `.env`, `error.ts`, `server.ts`, …) and the folders of every other file the last
 * build read. Only folders are watched (a folder's watch reports its files' writes, additions and
 * removals), and their raw events are taken as they arrive, in the same event-loop turn as any
 * request the client sent after its write: `seq` is already up to date when the request is handled
 * one turn later (see `settle`).
 */
export function watchSources(rootDir: string, onChange: (change: SourceChange) => void, onFailure: (error: Error) => void = () => {}): SourceWatcher {
  const root = resolve(rootDir);
  let seq = 0;
  let failed: Error | undefined;
  const followed = new Set<string>();
  // Tested below the root only: an app may itself sit inside such a folder (a copy under `.edgeplate/`).
  const notSource = (path: string) => NOT_SOURCE.test(path.startsWith(`${root}/`) ? path.slice(root.length) : path);
  const onRaw = (event: string, name: string | null, details: unknown) => {
    const watched = (details as { watchedPath?: string }).watchedPath;
    if (!watched) return;
    const path = normalize(name ? join(watched, name) : watched);
    if (notSource(path)) return;
    seq++;
    onChange({ seq, path, config: CONFIG_FILE.test(path), contentOnly: event === "change" && name !== null });
  };
  const onlyFolders = (path: string, stats?: { isFile(): boolean }) => notSource(path) || stats?.isFile() === true;
  // Two watchers: the source folders are watched to any depth, the root and followed folders alone.
  const tree = watch(
    SOURCE_DIRS.map((dir) => join(root, dir)),
    { ignoreInitial: true, ignored: onlyFolders },
  );
  const flat = watch([root], { ignoreInitial: true, depth: 0, ignored: onlyFolders });
  for (const watcher of [tree, flat]) {
    watcher.on("raw", onRaw);
    watcher.on("error", (error) => {
      // A folder that is gone is the build's to report; any other failure means missed events.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      failed ??= error as Error;
      onFailure(failed);
    });
  }
  const ready = Promise.all([tree, flat].map((watcher) => new Promise<void>((resolve) => watcher.once("ready", () => resolve())))).then(() => {});
  const inTree = (path: string) => path === root || SOURCE_DIRS.some((dir) => path === join(root, dir) || path.startsWith(`${join(root, dir)}/`));
  return {
    get seq() {
      return seq;
    },
    get failed() {
      return failed;
    },
    ready,
    async follow(files, since) {
      const fresh = files.filter((file) => !inTree(dirname(file)) && !followed.has(dirname(file)));
      const dirs = [...new Set(fresh.map((file) => dirname(file)))];
      if (dirs.length === 0) return;
      for (const dir of dirs) followed.add(dir);
      flat.add(dirs);
      await watching(flat, dirs);
      const mtimes = await Promise.all(
        fresh.map((file) =>
          stat(file).then(
            (s) => s.mtimeMs,
            () => undefined,
          ),
        ),
      );
      fresh.forEach((path, i) => {
        const mtime = mtimes[i];
        if (mtime !== undefined && mtime >= since - MTIME_SLACK_MS) {
          seq++;
          onChange({ seq, path, config: false, contentOnly: false });
        }
      });
    },
    async close() {
      await Promise.all([tree.close(), flat.close()]);
    },
  };
}

/** Resolves once chokidar has opened a watch on each of `dirs` (it stats them first), 200 ms at most. */
async function watching(watcher: FSWatcher, dirs: string[]): Promise<void> {
  const started = performance.now();
  const open = () => {
    const watched = watcher.getWatched();
    return dirs.every((dir) => watched[dirname(dir)]?.includes(basename(dir)));
  };
  while (!open() && performance.now() - started < 200) await new Promise((r) => setTimeout(r, 1));
}

/**
 * Until the event loop has polled once more. A client that wrote a file and then sent a request
 * caused the folder watch's event before the request's bytes, so a poll that reads the request
 * has the event too; a caller in this process (a test, a tool) may be running after this turn's
 * poll, so two check phases apart there is a poll in between. After this the watcher has seen
 * every write made before the call.
 */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * How far a build that started at `seq` is current: past `seq`, up to the first change that is not
 * a content edit of a module the build read (`read`: its path → the hash of the code it read) with the content
 * that file has now. One save is often several events (a truncate, then a write) and the build may
 * already have read the saved file: it then needs no second build. Each file is read after its
 * event arrived, so equal content means the build saw the file as it is after that event.
 */
export async function currentUpTo(seq: number, later: readonly SourceChange[], read: ReadonlyMap<string, string>): Promise<number> {
  for (const change of later) {
    if (change.seq <= seq) continue;
    const hash = read.get(change.path);
    if (!change.contentOnly || change.config || hash === undefined) break;
    if ((await readFile(change.path, "utf8").then(hashBytes, () => undefined)) !== hash) break;
    seq = change.seq;
  }
  return seq;
}

/** The engine's own modules, which the dev bundle imports (a workspace link resolves outside node_modules). */
const ENGINE_CODE = [`${join(engineDir, "dist")}/`, `${join(engineDir, "src")}/`];

/**
 * The bundle's source files (rollup's watch files) that are not dependencies: the app's own
 * helpers in `lib/`, a Vite app's `server/`, a `../shared/x.ts` outside the app. Rollup's virtual
 * modules, files under `node_modules` and the engine's runtime are left out.
 */
export function importedSources(ids: readonly string[]): string[] {
  return ids
    .filter((id) => id.startsWith("/") && !id.includes("\0"))
    .map((id) => normalize(id))
    .filter((id) => !id.includes("/node_modules/") && !ENGINE_CODE.some((dir) => id.startsWith(dir)));
}
