import type { VirtualContext } from "./index.ts";

/** One lazy `import()` per route file, so each route is its own chunk loaded on first use. */
export function routesModule({ app }: VirtualContext): string {
  const entries = app.routes.map(
    (r) => `  { route: ${JSON.stringify(r.route)}, method: ${JSON.stringify(r.method)}, load: () => import(${JSON.stringify(r.file)}) }`,
  );
  return `export const routes = [\n${entries.join(",\n")}\n];\n`;
}
