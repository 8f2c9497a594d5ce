import { normalizeRoute } from "h3";
import { addRoute, createRouter } from "rou3";
import { compileRouterToString } from "rou3/compiler";
import { openapiRoutes } from "../openapi/module.ts";
import { taskRoutes } from "../tasks.ts";
import type { VirtualContext } from "./index.ts";
import { withBaseURL } from "../base-url.ts";

/**
 * The route table, compiled at build time: a rou3 matcher emitted as plain code (no router is built
 * at start-up and rou3 is not shipped), and one lazy `import()` per route file, so each route is its
 * own chunk loaded on first use.
 */
export function routesModule({ app, options }: VirtualContext): string {
  const router = createRouter<number>();
  // The engine's own routes (`/_openapi.json`, `/_docs`) go through the same table, so route rules apply to them.
  // Under the app's `baseURL` (`/app/`), as Nitro's router, except `/_tasks`: hosts' crons (Vercel)
  // and `edgeplate task run` call it at the root, like the host's other entry points.
  const based = [...app.routes, ...openapiRoutes({ options, app })].map((r) => ({ ...r, route: withBaseURL(options.baseURL, r.route) }));
  const routes = [...based, ...taskRoutes({ app })];
  const entries = routes.map((r, i) => {
    // Same canonical form h3 matches `event.url.pathname` against.
    const route = normalizeRoute(r.route);
    addRoute(router, r.method, route, i);
    const paramNames = r.params ? `, paramNames: ${JSON.stringify(r.params)}` : "";
    return `  { route: ${JSON.stringify(route)}, method: ${JSON.stringify(r.method)}, handler: lazy(() => import(${JSON.stringify(r.file)}))${paramNames} }`;
  });
  // Only apps with a param rou3 cannot name (`[user-id]`, see ScannedRoute.params) pay for renaming it back.
  const rename = routes.some((r) => r.params);
  const matcher = compileRouterToString(router, { functionName: rename ? "matchRoute" : "findRoute", serialize: (i) => `routes[${i}]` });
  return `import { defineLazyEventHandler } from "h3";
const lazy = (load) => defineLazyEventHandler(() => load().then((m) => m.default));
export const routes = [
${entries.join(",\n")}
];
${matcher}
${rename ? RENAMING_FIND_ROUTE : ""}export { findRoute };
`;
}

const RENAMING_FIND_ROUTE = `function findRoute(method, path) {
  const match = matchRoute(method, path);
  const names = match && match.data.paramNames;
  if (!names) return match;
  const params = {};
  for (const key in match.params) params[names[key] ?? key] = match.params[key];
  return { data: match.data, params };
}
`;
