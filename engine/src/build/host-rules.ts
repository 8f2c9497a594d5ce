import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "pathe";
import { addRoute, createRouter, findRoute, routesOverlap } from "rou3";
import type { EdgeplateRouteRule, PlatformBuildContext, ResolvedOptions } from "../types/config.ts";
import { logger } from "./logger.ts";
import { cacheControlFor, listPublic } from "./public.ts";
import { scanApp, type ScannedRoute } from "./scan.ts";

/** Some paths the host serves from its static folder, and the headers node-server sends for each of them. */
export interface StaticHeaders {
  headers: Record<string, string>;
  paths: string[];
}

export interface HostRedirect {
  pattern: string;
  status: number;
  /** The target, its trailing `/**` (the matched tail) spelled the host's way, e.g. `:splat` or `$1`. */
  to: (tail: string) => string;
}

const METHOD = /^[A-Z]+ /;
// What Netlify, Vercel and Cloudflare send for a static file anyway: left out, it costs no rule.
const HOST_DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate";
// Configure the host; never served.
const HOST_FILES = new Set(["/_headers", "/_redirects"]);
// The rules a static host can apply to its files itself; the rest need the server.
const STATIC_RULES = ["headers", "cors"] as const;

/**
 * Orders route patterns the way rou3 prefers them, for hosts that take the first matching line:
 * segment by segment, a static segment before a param or `*`, both before `**`, and a pattern
 * that has ended before one that goes on (`/a` before `/a/**`).
 */
export function mostSpecificFirst(a: string, b: string): number {
  const [x, y] = [segmentRanks(a), segmentRanks(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? -1) - (y[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

function segmentRanks(pattern: string): number[] {
  return pattern
    .replace(METHOD, "")
    .split("/")
    .filter(Boolean)
    .map((s) => (s.includes("**") ? 2 : /[*:]/.test(s) ? 1 : 0));
}

/** `redirect` rules, most specific first; method-scoped ones stay with the server, which alone can tell methods apart. */
export function hostRedirects(rules: Record<string, EdgeplateRouteRule>): HostRedirect[] {
  return Object.entries(rules)
    .filter(([pattern]) => !METHOD.test(pattern))
    .sort(([a], [b]) => mostSpecificFirst(a, b))
    .flatMap(([pattern, { redirect }]): HostRedirect[] => {
      if (!redirect) return [];
      const { to, status = 307 } = typeof redirect === "string" ? { to: redirect } : redirect;
      return [{ pattern, status, to: (tail) => (pattern.endsWith("/**") ? to.replace(/\/\*\*$/, `/${tail}`) : to) }];
    });
}

/**
 * The headers node-server sends with each public file, at every path the host serves it at, grouped
 * by equal sets (an empty set included, so writers can tell which folders are uniform). They are
 * what h3 sends for a GET with the app's `headers` and `cors` rules, over the file's cache-control.
 */
export async function staticHeaders({ options, publicFiles, contentTypes = {} }: PlatformBuildContext): Promise<StaticHeaders[]> {
  const maxAges = await maxAgesOf(options);
  const headersAt = ruleHeaders(options.routeRules);
  const groups = new Map<string, StaticHeaders>();
  for (const [path, file] of servedPaths(publicFiles)) {
    const headers = await headersAt(path, cacheControlFor(file, maxAges.get(file) ?? 0));
    if (headers["cache-control"] === HOST_DEFAULT_CACHE_CONTROL) delete headers["cache-control"];
    // node-server sends the type the route answered with; the host would guess it from the name.
    if (contentTypes[file]) headers["content-type"] = contentTypes[file];
    const key = JSON.stringify(headers);
    if (!groups.has(key)) groups.set(key, { headers, paths: [] });
    groups.get(key)!.paths.push(path);
  }
  return [...groups.values()];
}

/** The methods besides GET (and HEAD, which follows it) that such paths pass on to the server. */
export const OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The paths the host serves a file at, which the app also answers for a method other than GET or
 * HEAD (a form's POST next to its prerendered page). node-server serves files for GET and HEAD
 * only, so those requests reach the route; a host that serves the file must pass them on.
 */
export async function pathsWithOtherMethods({ options, publicFiles }: PlatformBuildContext): Promise<string[]> {
  return routedPublicPaths((await scanApp(options.rootDir, options)).routes, publicFiles);
}

/** The served paths of `publicFiles` that some route answers for a method other than GET/HEAD. */
export function routedPublicPaths(routes: ScannedRoute[], publicFiles: string[]): string[] {
  const router = createRouter<true>();
  for (const route of routes) {
    if (route.method !== "GET" && route.method !== "HEAD") addRoute(router, "", route.route, true);
  }
  return [...servedPaths(publicFiles).keys()].filter((path) => findRoute(router, "", path));
}

/** Request path → the file served there, sorted; a file's own path before another's alias (`/about` may be both). */
function servedPaths(publicFiles: string[]): Map<string, string> {
  const files = publicFiles.filter((f) => !HOST_FILES.has(f));
  const served = new Map(files.map((file) => [new URL(file, "http://h").pathname, file]));
  for (const file of files) {
    for (const alias of aliasesOf(file)) if (!served.has(alias)) served.set(alias, file);
  }
  return new Map([...served].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Where hosts also serve a file: pages at their folder (with and without `/`) and `x.html` at `x`. */
function aliasesOf(file: string): string[] {
  const url = (path: string) => new URL(path, "http://h").pathname;
  if (file.endsWith("/index.html")) {
    const dir = file.slice(0, -"/index.html".length);
    return dir ? [url(dir), url(`${dir}/`)] : ["/"];
  }
  return file.endsWith(".html") ? [url(file.slice(0, -".html".length))] : [];
}

/**
 * The `maxAge` of the output files that come from `publicAssets` dirs that set one; every other
 * file (the app's `public/`, prerendered pages) has none. With the file's name, that gives the
 * cache-control node-server sends (`cacheControlFor`), so the files are not read again here.
 */
async function maxAgesOf(options: ResolvedOptions): Promise<Map<string, number>> {
  const listed = await listPublic(options.publicAssets.filter((a) => a.maxAge > 0));
  return new Map(listed.map((f) => [f.path, f.maxAge]));
}

/** Runs the app's `headers` and `cors` rules in h3 for a GET of `path`, behind a file answering with `cacheControl`. */
function ruleHeaders(rules: Record<string, EdgeplateRouteRule>): (path: string, cacheControl: string) => Promise<Record<string, string>> {
  const picked: Record<string, EdgeplateRouteRule> = {};
  for (const [pattern, rule] of Object.entries(rules)) {
    const kept = Object.fromEntries(STATIC_RULES.filter((k) => rule[k] !== undefined).map((k) => [k, rule[k]]));
    if (Object.keys(kept).length > 0) picked[pattern] = kept;
  }
  let cacheControl = "";
  let corsOrigin: unknown;
  // Loaded here, for file hosts' builds only: every other build (and each dev server start) imports this module too.
  const app = Promise.all([import("h3"), import("h3/rules")]).then(([{ H3 }, { routeRules }]) => {
    const h3 = new H3();
    if (Object.keys(picked).length > 0) h3.use(routeRules(picked, { memoize: false }));
    h3.use((event) => {
      corsOrigin = (event.context.routeRules as { cors?: { origin?: unknown } } | undefined)?.cors?.origin;
      event.res.headers.set("cache-control", cacheControl);
      return new Response(null);
    });
    return h3;
  });
  const get = async (path: string, origin?: string) => Object.fromEntries((await (await app).fetch(new Request(`http://h${path}`, { headers: origin ? { origin } : {} }))).headers);
  return async (path, fileCacheControl) => {
    cacheControl = fileCacheControl;
    const headers = await get(path);
    if (corsOrigin === undefined || corsOrigin === "*") return headers;
    // One allowed origin: every response may name it, the browser compares. A longer list or a
    // function depends on the request, which a file host cannot do.
    const [only, ...more] = [corsOrigin].flat();
    if (typeof only === "string" && more.length === 0) return get(path, only);
    warnOnce(`a \`cors\` rule's \`origin\` list or function cannot reach public files on hosts that serve them (\`${path}\`); use "*" or one origin`);
    return headers;
  };
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  logger.warn(message);
}

/** `/api/**` → `/api/*`, the path syntax of `_headers` and `_redirects` (Netlify, Cloudflare). */
export function hostPath(pattern: string): string {
  return pattern.replace(/\/\*\*$/, "/*").replace(/\/\*\*\//g, "/*/");
}

/**
 * `_redirects`: first matching line wins, so most specific first. `force` marks each status with
 * `!` for Netlify, which otherwise serves a file at the path instead (node-server redirects first);
 * Cloudflare always redirects first and rejects the mark.
 */
export function redirectsFile(redirects: HostRedirect[], force = false): string {
  return redirects.map((r) => `${hostPath(r.pattern)} ${r.to(":splat")} ${r.status}${force ? "!" : ""}\n`).join("");
}

/**
 * `_headers`: one block per path, or `/folder/*` where every path under the folder has the same
 * headers. Blocks never overlap: hosts join the values of every matching block, which would
 * merge rules that node-server lets the most specific win. A folder with a redirect source in
 * it stays listed path by path, as Cloudflare adds the folder's headers to its redirects too.
 */
export function headersFile(groups: StaticHeaders[], redirects: HostRedirect[]): string {
  const groupOf = new Map(groups.flatMap((g) => g.paths.map((p) => [p, g] as const)));
  const blocks: string[] = [];
  const block = (path: string, group: StaticHeaders) => {
    const lines = Object.entries(group.headers).map(([name, value]) => `  ${name}: ${value}`);
    if (lines.length > 0) blocks.push([path, ...lines].join("\n"));
  };
  const visit = (folder: string) => {
    const inside = [...groupOf.keys()].filter((p) => p.startsWith(`${folder}/`));
    const group = groupOf.get(inside[0]!)!;
    if (inside.every((p) => groupOf.get(p) === group) && !redirects.some((r) => routesOverlap(r.pattern, `${folder}/**`))) return block(`${folder}/*`, group);
    const sub = new Set<string>();
    for (const path of inside) {
      const slash = path.indexOf("/", folder.length + 1);
      if (slash === -1) block(path, groupOf.get(path)!);
      else sub.add(path.slice(0, slash));
    }
    for (const dir of [...sub].sort()) visit(dir);
  };
  if (groupOf.size > 0) visit("");
  return blocks.length ? `${blocks.join("\n")}\n` : "";
}

export interface HostFilesOptions {
  /** The host's limit on `_headers` blocks, past which it ignores the rest. */
  maxHeaderRules?: number;
  /** Redirect even where a file exists (see `redirectsFile`). */
  forceRedirects?: boolean;
}

/**
 * Writes `_headers` and `_redirects` (Netlify's format, which Cloudflare's Workers assets read too)
 * into the public output, after the app's own files of those names when it has them.
 */
export async function writeHeadersAndRedirects(ctx: PlatformBuildContext, opts: HostFilesOptions = {}): Promise<void> {
  const redirects = hostRedirects(ctx.options.routeRules);
  const headers = headersFile(await staticHeaders(ctx), redirects);
  const count = headers.match(/^\//gm)?.length ?? 0;
  if (opts.maxHeaderRules !== undefined && count > opts.maxHeaderRules) {
    logger.warn(
      `_headers has ${count} path rules; ${ctx.options.preset.name} reads the first ${opts.maxHeaderRules} only. Folders whose files share one cache and header policy (hashed files apart from others) need one rule each.`,
    );
  }
  await writeAfterOwn(join(ctx.options.output.publicDir, "_headers"), headers);
  await writeAfterOwn(join(ctx.options.output.publicDir, "_redirects"), redirectsFile(redirects, opts.forceRedirects));
}

async function writeAfterOwn(file: string, text: string): Promise<void> {
  const own = await readFile(file, "utf8").catch(() => undefined);
  if (own === undefined) await writeFile(file, text);
  else await appendFile(file, own.endsWith("\n") || own === "" ? text : `\n${text}`);
}
