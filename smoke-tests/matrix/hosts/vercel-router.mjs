// The phase loop of Vercel's router over a Build Output API `config.json`, as `vercel dev` runs it
// (packages/cli/src/util/dev/router.ts and server.ts in vercel/vercel): `@vercel/routing-utils`
// parses and validates the routes (normalizeRoutes: aliases, `^…$` anchors, handle order and
// rules); this file only walks them. What it does not execute, it refuses by name, so a route
// that would behave differently on Vercel fails loudly here instead of passing by accident.
import { isHandler, normalizeRoutes } from "@vercel/routing-utils";

/** Route fields this loop executes; any other field on a route is refused. */
const EXECUTED = new Set(["src", "dest", "headers", "methods", "continue", "status", "caseSensitive"]);
/**
 * `handle` phases this loop executes: the two Edgeplate writes. `miss`, `hit`, `rewrite`, `error`
 * and `resource` (and `check`, which enters `miss`) are refused rather than half-emulated.
 */
const PHASES = new Set(["filesystem"]);

/**
 * @typedef {{ src: string, dest?: string, headers?: Record<string, string>, methods?: string[], continue?: boolean, status?: number, caseSensitive?: boolean, index: number, regex: RegExp }} CompiledRoute
 * @typedef {Map<string | null, CompiledRoute[]>} Phases
 * @typedef {{ path: string, query: URLSearchParams, headers: Record<string, string>, status?: number, matches?: Record<string, string> }} RouteState
 */

/**
 * Validates `routes` with routing-utils and groups them by the `handle` phase they follow.
 * @param {unknown[]} routes `config.json`'s `routes`
 * @param {string} where the file, for errors
 * @returns {Phases}
 */
export function compileRoutes(routes, where) {
  const { routes: normalized, error } = normalizeRoutes(/** @type {import("@vercel/routing-utils").RouteInput[]} */ (routes));
  if (error) throw new Error(`[vercel-router] ${where}: ${error.message} ${(error.errors ?? []).join(" ")} Fix the route (${error.link ?? ""}).`);
  /** @type {Phases} */
  const phases = new Map([[null, []]]);
  /** @type {string | null} */
  let phase = null;
  for (const [index, route] of (normalized ?? []).entries()) {
    if (isHandler(route)) {
      if (!PHASES.has(route.handle)) throw refused(where, index, `\`handle: ${route.handle}\``);
      phase = route.handle;
      phases.set(phase, []);
      continue;
    }
    const field = Object.keys(route).find((key) => !EXECUTED.has(key));
    if (field) throw refused(where, index, `\`${field}\``);
    if (route.dest && /^https?:\/\//.test(route.dest)) throw refused(where, index, "an external `dest` (a proxy)");
    phases.get(phase)?.push({ ...route, index, regex: new RegExp(route.src, route.caseSensitive ? "" : "i") });
  }
  return phases;
}

function refused(where, index, what) {
  return new Error(`[vercel-router] ${where}: route ${index} uses ${what}, which this local router does not execute; test it on a Vercel preview deployment instead.`);
}

/**
 * Runs one phase's routes on `state` (changed in place, as `continue` routes chain). A matching
 * route without `continue` ends the phase.
 * @param {CompiledRoute[]} routes
 * @param {RouteState} state
 * @param {string} method
 * @returns {CompiledRoute | undefined} the route that ended the phase
 */
export function runPhase(routes, state, method) {
  for (const route of routes) {
    if (route.methods && !route.methods.includes(method)) continue;
    const match = route.regex.exec(state.path);
    if (!match) continue;
    for (const [name, value] of Object.entries(route.headers ?? {})) state.headers[name.toLowerCase()] = resolveParameters(value, match);
    if (route.status) state.status = route.status;
    if (route.dest) rewrite(state, resolveParameters(route.dest, match), match.groups);
    if (!route.continue) return route;
  }
}

/** `$1` and `$name` in a dest or header value, from the route's `src` match. */
function resolveParameters(template, match) {
  return template.replace(/\$([1-9a-zA-Z]\w*)/g, (_, name) => (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? "");
}

/** A rewrite: the dest's path replaces the path, its query joins the request's. */
function rewrite(state, dest, groups) {
  const url = new URL(dest, "http://router");
  state.path = url.pathname;
  for (const [key, value] of url.searchParams) state.query.set(key, value);
  if (groups) state.matches = { ...state.matches, ...groups };
}
