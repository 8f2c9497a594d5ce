import { glob } from "tinyglobby";
import { existsSync } from "node:fs";
import { join, relative, resolve } from "pathe";
import type { HandlerConfig, ServerEntryConfig } from "../types/config.ts";
import { createError } from "./errors.ts";
import { toTasks } from "./tasks.ts";

export interface ScannedRoute {
  /** rou3 pattern, e.g. `/users/:id` or `/files/**:path`. */
  route: string;
  /** Upper-case method, or `""` for every method. */
  method: string;
  file: string;
  /**
   * Stand-in param name in `route` → the file's name for it. rou3 takes only `[A-Za-z_]\w*` (it
   * would read `:user-id` as `:user` then `-id`), so `[user-id]` is matched as a stand-in and the
   * route module gives the param its real name back.
   */
  params?: Record<string, string>;
}

export interface ScannedApp {
  routes: ScannedRoute[];
  middleware: string[];
  plugins: string[];
  /** `error.ts` at the app root: a custom error handler. */
  errorHandler?: string;
  /** The config's `errorHandler` files, run after `error.ts` (Nitro's key). */
  errorHandlers: string[];
  /**
   * `server.ts` at the app root (or the config's `serverEntry`): a fetch handler for requests no
   * route matched. `format: "node"` for `server.node.ts`, a `(req, res)` handler.
   */
  serverEntry?: { file: string; format: "web" | "node" };
  /** `tasks/` files by task name (`tasks/db/migrate.ts` → `db:migrate`). */
  tasks: Record<string, string>;
}

const SOURCE_GLOB = "**/*.{ts,mts,js,mjs,tsx,jsx}";
const METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);

export interface ScanOptions {
  /** Globs relative to the app root (config `ignore`): matching files are not scanned. */
  ignore?: string[];
  /** Config `serverEntry`: a file, or `false` to not look for `server.ts`. */
  serverEntry?: ServerEntryConfig;
  /** Config `errorHandler`: files run after `error.ts`. */
  errorHandler?: string | string[];
  /** Config `handlers` and `routes` (Nitro's keys): files answering a route, or middleware. */
  handlers?: HandlerConfig[];
  /** Config `plugins`: plugin files run after `plugins/`. */
  plugins?: string[];
  /** The folder of `routes/`, `api/`, `middleware/`, `plugins/` (Nitro's `serverDir`); default the app root. */
  sourceDir?: string;
  /** Whether this is a dev build: `name.dev.ts` routes are kept then, `name.prod.ts` ones otherwise. */
  dev?: boolean;
  /** Whether this scan is for the bundle that prerenders routes: `name.prerender.ts` routes exist only there. */
  forPrerender?: boolean;
}

/**
 * `users.get.dev.ts`: the route exists only in `edgeplate dev` (`.prod`: only in builds,
 * `.prerender`: only while prerendering at build time), as in Nitro.
 */
const ENV_SUFFIX = /\.(dev|prod|prerender)$/;

/** Whether a route file belongs in this build by its `.dev` / `.prod` / `.prerender` suffix (none: always). */
function forEnv(dev: boolean, prerender: boolean): (file: string) => boolean {
  const envs = dev ? ["dev"] : prerender ? ["prod", "prerender"] : ["prod"];
  return (file) => {
    const env = ENV_SUFFIX.exec(file.replace(/\.[cm]?[jt]sx?$/, ""))?.[1];
    return env === undefined || envs.includes(env);
  };
}

/** Never routes, middleware or plugins: type declarations and tests next to the code they test. */
const ALWAYS_IGNORED = ["**/*.d.ts", "**/*.test.*"];

export async function scanApp(rootDir: string, { ignore = [], ...options }: ScanOptions = {}): Promise<ScannedApp> {
  const scan = (pattern: string) => scanFiles(rootDir, pattern, ignore);
  const sourceDir = options.sourceDir ?? rootDir;
  // `ignore` globs stay relative to the app root, so the source folder is part of each pattern.
  const src = relative(rootDir, sourceDir) || ".";
  const [routeFiles, apiFiles, middlewareFiles, pluginFiles, errorFiles, serverFiles] = await Promise.all([
    scan(`${src}/routes/${SOURCE_GLOB}`),
    scan(`${src}/api/${SOURCE_GLOB}`),
    scan(`${src}/middleware/*.{ts,mts,js,mjs}`),
    scan(`${src}/plugins/*.{ts,mts,js,mjs}`),
    scan("error.{ts,mjs,js}"),
    options.serverEntry === undefined ? scan(`server.{${SERVER_EXTENSIONS.join(",")}}`) : Promise.resolve([]),
  ]);
  const configured = configuredHandlers(rootDir, options.handlers ?? []);
  const routes = [
    ...routeFiles.filter(forEnv(options.dev === true, options.forPrerender === true)).map((file) => fileToRoute(file, join(sourceDir, "routes"), "")),
    ...apiFiles.filter(forEnv(options.dev === true, options.forPrerender === true)).map((file) => fileToRoute(file, join(sourceDir, "api"), "/api")),
    ...configured.routes,
  ];
  assertNoConflicts(routes, rootDir);
  const errorHandler = ["error.ts", "error.mjs", "error.js"].map((f) => join(rootDir, f)).find((f) => errorFiles.includes(f));
  const errorHandlers = [options.errorHandler ?? []]
    .flat()
    .map((f) => configuredFile(rootDir, f, "errorHandler"))
    .filter((f) => f !== errorHandler);
  return {
    routes: sortRoutes(routes),
    middleware: [...middlewareFiles, ...configured.middleware],
    plugins: [...pluginFiles, ...(options.plugins ?? []).map((f) => configuredFile(rootDir, f, "plugins")).filter((f) => !pluginFiles.includes(f))],
    errorHandler,
    errorHandlers,
    serverEntry: findServerEntry(rootDir, options.serverEntry, serverFiles),
    tasks: toTasks(await scan(`${src}/tasks/${SOURCE_GLOB}`), join(sourceDir, "tasks")),
  };
}

// Nitro's list (`server.ts`, `.js`, `.mjs`, `.mts`, `.tsx`, `.jsx`), each also as `server.node.*`.
const SERVER_EXTENSIONS = ["ts", "js", "mjs", "mts", "tsx", "jsx"].flatMap((ext) => [ext, `node.${ext}`]);

function findServerEntry(rootDir: string, config: ServerEntryConfig | undefined, found: string[]): ScannedApp["serverEntry"] {
  if (config === false) return undefined;
  const formatOf = (file: string) => (/\.node\.[^.]+$/.test(file) ? "node" : "web");
  if (config !== undefined) {
    const { handler, format } = typeof config === "string" ? { handler: config, format: undefined } : config;
    const file = configuredFile(rootDir, handler, "serverEntry");
    return { file, format: format ?? formatOf(file) };
  }
  if (found.length > 1) {
    const names = found.map((f) => `\`${relative(rootDir, f)}\``).join(" and ");
    throw createError("routes", `${names} are both server entries. Keep one, or name the one to use with \`serverEntry\` in the config.`);
  }
  return found[0] ? { file: found[0], format: formatOf(found[0]) } : undefined;
}

/** A file the config names, relative to the app root; a missing one fails the build naming the key. */
function configuredFile(rootDir: string, path: string, key: string): string {
  // A module of the config's `virtual` map (`"#virtual-route"`), resolved by the bundle.
  if (path.startsWith("#")) return path;
  const file = resolve(rootDir, path);
  if (!existsSync(file)) throw createError("config", `\`${key}\` names \`${path}\`, which does not exist in \`${rootDir}\`. Fix the path (relative to the app root).`);
  return file;
}

/** Nitro's `handlers` / `routes` config entries: extra routes, or global middleware. */
function configuredHandlers(rootDir: string, handlers: HandlerConfig[]): { routes: ScannedRoute[]; middleware: string[] } {
  const routes: ScannedRoute[] = [];
  const middleware: string[] = [];
  for (const h of handlers) {
    const file = configuredFile(rootDir, h.handler, "handlers");
    if (h.format === "node") {
      throw createError(
        "config",
        `\`handlers\` entry \`${h.handler}\` has \`format: "node"\`. Only the server entry (\`server.node.ts\`) may be a Node \`(req, res)\` handler; write a route with \`defineHandler\`.`,
      );
    }
    if (h.middleware) {
      if (h.route && h.route !== "/**") {
        throw createError(
          "config",
          `\`handlers\` entry \`${h.handler}\` is middleware for \`${h.route}\`. Edgeplate's middleware runs for every request: drop \`route\` and check \`event.url.pathname\` in the handler.`,
        );
      }
      middleware.push(file);
      continue;
    }
    if (!h.route?.startsWith("/")) throw createError("config", `\`handlers\` entry \`${h.handler}\` needs a \`route\` starting with \`/\` (for example \`"/api/:id"\`).`);
    routes.push({ route: h.route, method: (h.method ?? "").toUpperCase(), file });
  }
  return { routes, middleware };
}

/** Files matching `pattern` under the app root, sorted. `_`-prefixed files are included, as in Nitro. */
async function scanFiles(rootDir: string, pattern: string, ignore: string[]): Promise<string[]> {
  const files = await glob(pattern, { cwd: rootDir, absolute: true, ignore: [...ALWAYS_IGNORED, ...ignore] });
  return files.sort();
}

/** Maps `users/[id].get.ts` to `GET /users/:id` following the contract's naming. */
export function fileToRoute(file: string, baseDir: string, prefix: string): ScannedRoute {
  const parts = relative(baseDir, file)
    .replace(/\.[cm]?[jt]sx?$/, "")
    .split("/");
  let last = parts.pop()!.replace(ENV_SUFFIX, "");
  let method = "";
  const suffix = /\.([a-z]+)$/.exec(last);
  if (suffix && METHODS.has(suffix[1]!)) {
    method = suffix[1]!.toUpperCase();
    last = last.slice(0, -suffix[0].length);
  }
  if (last !== "index") parts.push(last);
  const where = relative(join(baseDir, ".."), file);
  const { segments, standIns } = toSegments(
    parts.filter((p) => !/^\(.*\)$/.test(p)),
    (why) => createError("routes", `\`${where}\`: ${why}`),
  );
  const route = `${prefix}/${segments.join("/")}`.replace(/\/$/, "") || "/";
  return Object.keys(standIns).length > 0 ? { route, method, file, params: standIns } : { route, method, file };
}

/** Names a file may give a param, as Nitro does (`[user-id]`); a leading `...` only makes sense as a whole-segment catch-all. */
const PARAM_NAME = /^(?!\.\.\.)[\p{L}\p{N}_.-]+$/u;
const ROU3_NAME = /^[A-Za-z_]\w*$/;
const NAMING_HINT = "Name a param with letters, digits, `_`, `-` and `.` (`[id]`, `[user-id]`) and write a catch-all as a whole file or folder name (`[...path]`).";

/** rou3 segments for `[name]` and `[...name]` parts; a bracket that cannot be a param fails the build rather than become a literal path. */
function toSegments(parts: string[], fail: (why: string) => Error): { segments: string[]; standIns: Record<string, string> } {
  const standIns: Record<string, string> = {};
  const seen = new Set<string>();
  // A stand-in must not be a name the file itself uses elsewhere in its path.
  const written = new Set([...parts.join("/").matchAll(/\[(?:\.\.\.)?([^[\]]*)\]/g)].map((m) => m[1]));
  const param = (name: string): string => {
    if (!PARAM_NAME.test(name)) throw fail(`\`[${name}]\` is not a usable param name. ${NAMING_HINT}`);
    if (seen.has(name)) throw fail(`the param \`${name}\` appears twice. Give each one its own name.`);
    seen.add(name);
    if (ROU3_NAME.test(name)) return name;
    let standIn = "";
    for (let i = 0; !standIn || written.has(standIn) || standIn in standIns; i++) standIn = `_p${i}`;
    standIns[standIn] = name;
    return standIn;
  };
  const segments = parts.map((part) => {
    const catchAll = /^\[\.\.\.(.*)\]$/.exec(part);
    if (catchAll) return catchAll[1] ? `**:${param(catchAll[1])}` : "**";
    // Braces end the name where the bracket did: rou3 reads `:id` followed by `x` as one name `idx`.
    const segment = part.replace(/\[([^[\]]*)\](?=([\w$\u0080-\ufffc])?)/g, (_, name: string, glued?: string) => (glued ? `{:${param(name)}}` : `:${param(name)}`));
    if (/[[\]]/.test(segment)) throw fail(`\`${part}\` has an unmatched bracket. ${NAMING_HINT}`);
    return segment;
  });
  return { segments, standIns };
}

function assertNoConflicts(routes: ScannedRoute[], rootDir: string): void {
  const seen = new Map<string, string>();
  for (const r of routes) {
    // Params and catch-alls with different names (or none) still match the same URLs, so compare the shape only.
    const key = `${r.method || "*"} ${r.route.replace(/(\*\*)?:\w+/g, (_, star?: string) => star ?? ":")}`;
    const other = seen.get(key);
    if (other) {
      const route = r.route.replace(/:(\w+)/g, (param, name: string) => (r.params?.[name] ? `:${r.params[name]}` : param));
      throw createError(
        "routes",
        `\`${relative(rootDir, other)}\` and \`${relative(rootDir, r.file)}\` both claim \`${r.method || "ALL"} ${route}\`. Rename or remove one of them.`,
      );
    }
    seen.set(key, r.file);
  }
}

/** Stable order: static before dynamic, specific methods before catch-all methods. */
function sortRoutes(routes: ScannedRoute[]): ScannedRoute[] {
  return [...routes].sort((a, b) => a.route.localeCompare(b.route) || (a.method ? 0 : 1) - (b.method ? 0 : 1));
}
