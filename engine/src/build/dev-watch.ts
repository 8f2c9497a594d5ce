import { stat, readdir } from "node:fs/promises";
import { join } from "pathe";

const SOURCE_DIRS = ["routes", "api", "middleware", "plugins", "public", "assets"];
const ROOT_FILES = ["edgeplate.config.ts", "edgeplate.config.mjs", "edgeplate.config.js", "error.ts"];

/**
 * Modification times of every app source file and folder. A folder's mtime changes when a file is
 * added or removed in it, so comparing two snapshots catches edits, additions and removals.
 */
export async function snapshotSources(rootDir: string): Promise<Map<string, number>> {
  const snapshot = new Map<string, number>();
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    snapshot.set(path, info.mtimeMs);
    if (info.isDirectory()) await Promise.all((await readdir(path)).map((name) => visit(join(path, name))));
  };
  await Promise.all([...SOURCE_DIRS, ...ROOT_FILES].map((p) => visit(join(rootDir, p))));
  return snapshot;
}

export function sameSnapshot(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, mtime] of a) if (b.get(path) !== mtime) return false;
  return true;
}

export const watchedPaths = (rootDir: string) => [...SOURCE_DIRS, ...ROOT_FILES].map((p) => join(rootDir, p));
