import { addRoute, createRouter, findRoute } from "rou3";
import { openapiRoutes } from "../build/openapi/module.ts";
import type { ScannedApp } from "../build/scan.ts";
import { taskRoutes } from "../build/tasks.ts";
import type { EdgeplateConfig, EdgeplateRouteRule } from "../types/config.ts";

// Vite's own endpoints (client, HMR ping, `/@fs/`, `/@id/`, optimized deps) are never the app's.
const VITE_PATHS = /^\/(?:@|__vite|node_modules\/)/;
const API = /^\/api(?:\/|$)/;
// A last segment with an extension names a file (`/app/client.ts`), which Vite serves.
const FILE = /\.[^/]*$/;

/**
 * Whether the app's server answers a request (`url` is a path with an optional query): `"entry"`
 * when only the app's `server.ts` might, so its 404 (or nothing) leaves the request to Vite.
 */
export type ServerMatcher = (method: string, url: string) => boolean | "entry";

/**
 * What decides whether the app answers a request, as data (it comes from the dev build's thread):
 * the method and path of each route, the patterns of `redirect`/`proxy` route rules, whether a
 * renderer answers navigations, whether a `server.ts` might answer the rest.
 */
export interface MatcherSpec {
  routes: [method: string, route: string][];
  rules: [method: string, path: string][];
  renderer: boolean;
  serverEntry: boolean;
}

/** The `MatcherSpec` of a dev build's scan and route rules. */
export function matcherSpec(app: Pick<ScannedApp, "routes" | "serverEntry" | "tasks"> | undefined, routeRules: Record<string, EdgeplateRouteRule>, renderer = false): MatcherSpec {
  // The engine's `/_tasks` routes too (dev runs tasks from there), as the app's route table has them,
  // and `/_openapi.json` and `/_docs` (always served in dev).
  const engineRoutes = app ? [...taskRoutes({ app }), ...openapiRoutes({ options: { openapi: true, dev: true }, app })] : [];
  const rules = Object.entries(routeRules)
    .filter(([, rule]) => rule.redirect || rule.proxy)
    .map(([pattern]) => (pattern.includes(" ") ? (pattern.split(" ", 2) as [string, string]) : (["", pattern] as [string, string])));
  return { routes: [...(app?.routes ?? []), ...engineRoutes].map((r) => [r.method, r.route]), rules, renderer, serverEntry: Boolean(app?.serverEntry) };
}

/**
 * Decides, per dev request, whether the app's server answers it: any method but GET/HEAD (Vite
 * serves only reads), every `/api/**` path (so unknown ones get the JSON 404, not the SPA), a path
 * of a route file, of `/_tasks`, `/_openapi.json` or `/_docs`, or a path of a `redirect`/`proxy` route rule. Compiled once per dev build from
 * its scan, so a request costs one router lookup.
 */
export function compileMatcher(spec: MatcherSpec): ServerMatcher {
  const routes = createRouter();
  for (const [method, route] of spec.routes) addRoute(routes, method, route, true);
  const rules = createRouter();
  for (const [method, path] of spec.rules) addRoute(rules, method, path, true);
  return (method, url) => {
    const decided = decidedWithoutBuild(method, url);
    if (decided !== undefined) return decided;
    const path = url.split("?")[0]!;
    // HEAD is answered by GET handlers, as h3 does.
    const lookup = method === "HEAD" ? "GET" : method;
    if (findRoute(routes, lookup, path) || findRoute(rules, lookup, path)) return true;
    // The app's renderer (`renderer` config) is its page for every navigation; files stay Vite's.
    if (spec.renderer && !FILE.test(path)) return true;
    return spec.serverEntry ? "entry" : false;
  };
}

/** Requests that never wait for a dev build to be decided: Vite's own, writes and `/api/**`. */
export function decidedWithoutBuild(method: string, url: string): boolean | undefined {
  const path = url.split("?")[0]!;
  if (VITE_PATHS.test(path)) return false;
  if ((method !== "GET" && method !== "HEAD") || API.test(path)) return true;
  return undefined;
}

/**
 * The matcher of an app as it is on disk at the first call (one config load and one scan): for
 * tools and tests. The dev server compiles its own from each build instead.
 */
export function createServerMatcher(rootDir: string, overrides?: EdgeplateConfig): (method: string, url: string) => Promise<boolean | "entry"> {
  let matcher: Promise<ServerMatcher> | undefined;
  const load = async () => {
    // Loaded here: the dev server imports this module for `compileMatcher` alone, and its config loads in the build thread.
    const [{ loadOptions }, { scanApp }] = await Promise.all([import("../build/options.ts"), import("../build/scan.ts")]);
    // A broken config is reported by the dev build itself; here it only means no rule paths.
    const options = await loadOptions({ rootDir, dev: true, overrides }).catch(() => undefined);
    // A scan error (two files claiming a route) is reported by the dev build on /api requests.
    const app = await scanApp(rootDir, options ?? {}).catch(() => undefined);
    return compileMatcher(matcherSpec(app, options?.routeRules ?? {}));
  };
  return async (method, url) => (await (matcher ??= load()))(method, url);
}
