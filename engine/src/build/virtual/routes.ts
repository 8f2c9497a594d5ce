import { normalizeRoute } from "h3";
import { addRoute, createRouter } from "rou3";
import { compileRouterToString } from "rou3/compiler";
import type { VirtualContext } from "./index.ts";

/**
 * The route table, compiled at build time: a rou3 matcher emitted as plain code (no router is built
 * at start-up and rou3 is not shipped), and one lazy `import()` per route file, so each route is its
 * own chunk loaded on first use.
 */
export function routesModule({ app }: VirtualContext): string {
  const router = createRouter<number>();
  const entries = app.routes.map((r, i) => {
    // Same canonical form h3 matches `event.url.pathname` against.
    const route = normalizeRoute(r.route);
    addRoute(router, r.method, route, i);
    return `  { route: ${JSON.stringify(route)}, method: ${JSON.stringify(r.method)}, handler: lazy(() => import(${JSON.stringify(r.file)})) }`;
  });
  const matcher = compileRouterToString(router, { functionName: "findRoute", serialize: (i) => `routes[${i}]` });
  return `import { defineLazyEventHandler } from "h3";
const lazy = (load) => defineLazyEventHandler(() => load().then((m) => m.default));
export const routes = [
${entries.join(",\n")}
];
${matcher}
export { findRoute };
`;
}
