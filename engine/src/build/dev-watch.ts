import { stat, readdir } from "node:fs/promises";
import { SUPPORTED_EXTENSIONS } from "c12";
import { join, normalize, resolve } from "pathe";

const SOURCE_DIRS = ["routes", "api", "middleware", "plugins", "public", "assets"];
const ROOT_FILES = [
  // Every name c12 loads the config from (options.ts); it also looks in `.config/`.
  ...SUPPORTED_EXTENSIONS.map((ext) => `edgeplate.config${ext}`),
  ".config",
  // The error handler names scan.ts accepts: one created later is in no bundle yet.
  "error.ts",
  "error.mjs",
  "error.js",
  // Loaded into the environment for dev (options.ts): an edited `EDGEPLATE_*` override applies at once.
  ".env",
];
/** A file's mtime can trail the wall clock by a timer tick or more, depending on the filesystem. */
const MTIME_SLACK_MS = 1000;

/**
 * Modification times of every app source file and folder, plus `files` (the sources the last build
 * imported from elsewhere in the app). A folder's mtime changes when a file is added or removed in it,
 * so comparing two snapshots catches edits, additions and removals.
 */
export async function snapshotSources(rootDir: string, files: readonly string[] = []): Promise<Map<string, number>> {
  const snapshot = new Map<string, number>();
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    snapshot.set(path, info.mtimeMs);
    if (info.isDirectory()) await Promise.all((await readdir(path)).map((name) => visit(join(path, name))));
  };
  await Promise.all([...watchedPaths(rootDir), ...files].map(visit));
  return snapshot;
}

/**
 * Adds the `files` a build read that the snapshot taken before it did not cover. One written since
 * `buildStart` may have been read in its old state, so it is recorded as unknown (NaN never equals)
 * and the next request rebuilds.
 */
export async function addToSnapshot(snapshot: Map<string, number>, files: readonly string[], buildStart: number): Promise<void> {
  const missing = files.filter((file) => !snapshot.has(file));
  const infos = await Promise.all(missing.map((file) => stat(file).catch(() => undefined)));
  missing.forEach((file, i) => {
    const mtime = infos[i]?.mtimeMs;
    if (mtime !== undefined) snapshot.set(file, mtime >= buildStart - MTIME_SLACK_MS ? Number.NaN : mtime);
  });
}

/**
 * The bundle's source files (rollup's watch files) that are the app's own and outside the paths
 * snapshotSources already walks: helpers in `lib/`, a Vite app's `server/`. Dependencies are left out.
 */
export function importedSources(rootDir: string, ids: readonly string[]): string[] {
  const root = `${resolve(rootDir)}/`;
  const walked = watchedPaths(resolve(rootDir));
  return ids.map((id) => normalize(id)).filter((id) => id.startsWith(root) && !id.includes("/node_modules/") && !walked.some((p) => id === p || id.startsWith(`${p}/`)));
}

export function sameSnapshot(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, mtime] of a) if (b.get(path) !== mtime) return false;
  return true;
}

export const watchedPaths = (rootDir: string) => [...SOURCE_DIRS, ...ROOT_FILES].map((p) => join(rootDir, p));
