import { readFile } from "node:fs/promises";
import { basename, join } from "pathe";
import { runtimeFile } from "../paths.ts";
import type { ScannedRoute } from "../scan.ts";
import type { VirtualContext } from "../virtual/index.ts";
import { toOpenAPIRoute } from "./paths.ts";
import { readRouteMeta } from "./route-meta.ts";

/** Where the document and the reference page are served. */
export const OPENAPI_PATH = "/_openapi.json";
export const DOCS_PATH = "/_docs";

/**
 * The routes the engine adds to the app's table: `/_openapi.json` in dev or with `openapi: true`,
 * `/_docs` in dev only. A route of the app's own at either path wins.
 */
export function openapiRoutes({ options, app }: { options: Pick<VirtualContext["options"], "openapi" | "dev">; app: Pick<VirtualContext["app"], "routes"> }): ScannedRoute[] {
  if (!options.openapi) return [];
  const taken = (path: string) => app.routes.some((r) => r.route === path && (r.method === "" || r.method === "GET"));
  const routes: ScannedRoute[] = [];
  if (!taken(OPENAPI_PATH)) routes.push({ route: OPENAPI_PATH, method: "GET", file: runtimeFile("openapi/handler") });
  if (options.dev && !taken(DOCS_PATH)) routes.push({ route: DOCS_PATH, method: "GET", file: runtimeFile("openapi/docs") });
  return routes;
}

/**
 * `#edgeplate/openapi`: what the build knows about each route (OpenAPI path, methods, params, the
 * `openAPI` of its `defineRouteMeta`) plus a loader for its module, whose validators the runtime
 * converts to JSON Schema when the document is first asked for (they are values, which only the
 * validator library itself can turn into JSON Schema).
 */
export async function openapiModule({ options, app }: VirtualContext): Promise<string> {
  const operations = await Promise.all(
    app.routes.map(async (route) => {
      const meta = await readRouteMeta(route.file, options.rootDir);
      const entry = { ...toOpenAPIRoute(route), meta: meta?.openAPI };
      return `  { ...${JSON.stringify(entry)}, load: () => import(${JSON.stringify(route.file)}) }`;
    }),
  );
  return `export const info = ${JSON.stringify(await appInfo(options.rootDir))};
export const operations = [
${operations.join(",\n")}
];
`;
}

/** The document's `info`: the app's package name and version. */
async function appInfo(rootDir: string): Promise<{ title: string; version: string }> {
  const pkg = await readFile(join(rootDir, "package.json"), "utf8").then(
    (text) => JSON.parse(text) as { name?: string; version?: string },
    () => ({}) as { name?: string; version?: string },
  );
  return { title: pkg.name ?? basename(rootDir), version: pkg.version ?? "0.0.0" };
}
