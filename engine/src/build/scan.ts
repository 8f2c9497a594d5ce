import { existsSync } from "node:fs";
import { glob } from "tinyglobby";
import { join, relative } from "pathe";
import { createError } from "./errors.ts";

export interface ScannedRoute {
  /** rou3 pattern, e.g. `/users/:id` or `/files/**:path`. */
  route: string;
  /** Upper-case method, or `""` for every method. */
  method: string;
  file: string;
}

export interface ScannedApp {
  routes: ScannedRoute[];
  middleware: string[];
  plugins: string[];
  /** `error.ts` at the app root: a custom error handler. */
  errorHandler?: string;
}

const SOURCE_GLOB = "**/*.{ts,mts,js,mjs,tsx,jsx}";
const METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);

export async function scanApp(rootDir: string): Promise<ScannedApp> {
  const [routeFiles, apiFiles, middleware, plugins] = await Promise.all([
    scanDir(rootDir, "routes"),
    scanDir(rootDir, "api"),
    scanDir(rootDir, "middleware", "*.{ts,mts,js,mjs}"),
    scanDir(rootDir, "plugins", "*.{ts,mts,js,mjs}"),
  ]);
  const routes = [...routeFiles.map((file) => fileToRoute(file, join(rootDir, "routes"), "")), ...apiFiles.map((file) => fileToRoute(file, join(rootDir, "api"), "/api"))];
  assertNoConflicts(routes, rootDir);
  const errorHandler = ["error.ts", "error.mjs", "error.js"].map((f) => join(rootDir, f)).find((f) => existsSync(f));
  return { routes: sortRoutes(routes), middleware, plugins, errorHandler };
}

async function scanDir(rootDir: string, dir: string, pattern = SOURCE_GLOB): Promise<string[]> {
  const cwd = join(rootDir, dir);
  if (!existsSync(cwd)) return [];
  const files = await glob(pattern, { cwd, absolute: true, ignore: ["**/*.d.ts", "**/_*", "**/*.test.*"] });
  return files.sort();
}

/** Maps `users/[id].get.ts` to `GET /users/:id` following the contract's naming. */
export function fileToRoute(file: string, baseDir: string, prefix: string): ScannedRoute {
  const parts = relative(baseDir, file)
    .replace(/\.[cm]?[jt]sx?$/, "")
    .split("/");
  let last = parts.pop()!;
  let method = "";
  const suffix = /\.([a-z]+)$/.exec(last);
  if (suffix && METHODS.has(suffix[1]!)) {
    method = suffix[1]!.toUpperCase();
    last = last.slice(0, -suffix[0].length);
  }
  if (last !== "index") parts.push(last);
  const segments = parts.filter((p) => !/^\(.*\)$/.test(p)).map(toSegment);
  return { route: `${prefix}/${segments.join("/")}`.replace(/\/$/, "") || "/", method, file };
}

function toSegment(part: string): string {
  const catchAll = /^\[\.\.\.(\w*)\]$/.exec(part);
  if (catchAll) return catchAll[1] ? `**:${catchAll[1]}` : "**";
  return part.replace(/\[(\w+)\]/g, ":$1");
}

function assertNoConflicts(routes: ScannedRoute[], rootDir: string): void {
  const seen = new Map<string, string>();
  for (const r of routes) {
    // Params with different names still match the same URLs, so compare the shape only.
    const key = `${r.method || "*"} ${r.route.replace(/:\w+/g, ":")}`;
    const other = seen.get(key);
    if (other) {
      throw createError(
        "routes",
        `\`${relative(rootDir, other)}\` and \`${relative(rootDir, r.file)}\` both claim \`${r.method || "ALL"} ${r.route}\`. Rename or remove one of them.`,
      );
    }
    seen.set(key, r.file);
  }
}

/** Stable order: static before dynamic, specific methods before catch-all methods. */
function sortRoutes(routes: ScannedRoute[]): ScannedRoute[] {
  return [...routes].sort((a, b) => a.route.localeCompare(b.route) || (a.method ? 0 : 1) - (b.method ? 0 : 1));
}
