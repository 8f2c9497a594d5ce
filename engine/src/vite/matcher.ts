import { stat } from "node:fs/promises";
import { join } from "pathe";
import { addRoute, createRouter, findRoute } from "rou3";
import { loadOptions } from "../build/options.ts";
import { scanApp } from "../build/scan.ts";
import type { EdgeplateConfig } from "../types/config.ts";

// Vite's own endpoints (client, HMR ping, `/@fs/`, `/@id/`, optimized deps) are never the app's.
const VITE_PATHS = /^\/(?:@|__vite|node_modules\/)/;
const API = /^\/api(?:\/|$)/;

type Router = ReturnType<typeof createRouter>;

/**
 * Decides, per dev request, whether the app's server answers it: any method but GET/HEAD (Vite
 * serves only reads), every `/api/**` path (so unknown ones get the JSON 404, not the SPA), a path
 * of a route file, or a path of a `redirect`/`proxy` route rule. Routes are rescanned per request
 * so a route file added a moment ago already answers.
 */
export function createServerMatcher(rootDir: string, overrides?: EdgeplateConfig) {
  const config = configState(rootDir, overrides);
  // `"entry"`: only the app's `server.ts` might answer, so its 404 (or nothing) leaves the request to Vite.
  return async (method: string, url: string): Promise<boolean | "entry"> => {
    const path = url.split("?")[0]!;
    if (VITE_PATHS.test(path)) return false;
    if ((method !== "GET" && method !== "HEAD") || API.test(path)) return true;
    const router: Router = createRouter();
    const { rules, ignore } = await config();
    // A scan error (two files claiming a route) is reported by the dev build on /api requests.
    const app = await scanApp(rootDir, { ignore }).catch(() => undefined);
    for (const route of app?.routes ?? []) addRoute(router, route.method, route.route, true);
    // HEAD is answered by GET handlers, as h3 does.
    const lookup = method === "HEAD" ? "GET" : method;
    if (findRoute(router, lookup, path) || findRoute(rules, lookup, path)) return true;
    return app?.serverEntry ? "entry" : false;
  };
}

const CONFIG_FILES = ["edgeplate.config.ts", "edgeplate.config.mts", "edgeplate.config.mjs", "edgeplate.config.js"];

interface ConfigState {
  /** Paths of `redirect` and `proxy` route rules. */
  rules: Router;
  /** The config's `ignore` globs, which the scan must follow as the dev build does. */
  ignore: string[];
}

/** What the matcher needs from the config, reloaded when a config file changes. */
function configState(rootDir: string, overrides?: EdgeplateConfig) {
  let cached: { key: string; state: ConfigState } | undefined;
  return async (): Promise<ConfigState> => {
    const mtimes = await Promise.all(
      CONFIG_FILES.map((f) =>
        stat(join(rootDir, f)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    );
    const key = mtimes.join();
    if (cached?.key !== key) cached = { key, state: await loadConfigState(rootDir, overrides) };
    return cached.state;
  };
}

async function loadConfigState(rootDir: string, overrides?: EdgeplateConfig): Promise<ConfigState> {
  const router = createRouter();
  // A broken config is reported by the dev build itself; here it only means no rule paths.
  const options = await loadOptions({ rootDir, dev: true, overrides }).catch(() => undefined);
  for (const [pattern, rule] of Object.entries(options?.routeRules ?? {})) {
    if (!rule.redirect && !rule.proxy) continue;
    const [method, path] = pattern.includes(" ") ? pattern.split(" ", 2) : ["", pattern];
    addRoute(router, method!, path!, true);
  }
  return { rules: router, ignore: options?.ignore ?? [] };
}
