import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "pathe";
import { scanApp, type ScanOptions, type ScannedApp } from "../scan.ts";
import { routeTypesSource } from "./routes.ts";
import { appTsconfig } from "./tsconfig.ts";

/** The app's root and what the scanner reads from its config (`ResolvedOptions` is one). */
export interface RouteTypesOptions extends ScanOptions {
  rootDir: string;
}

export interface WrittenRouteTypes {
  /** `.edgeplate/types/routes.d.ts` */
  routesFile: string;
  /** `.edgeplate/tsconfig.json` */
  tsconfigFile: string;
  routes: number;
  /** Whether a file's content changed (an unchanged file is not rewritten, so editors do not reload it). */
  changed: boolean;
}

/**
 * Writes `.edgeplate/types/routes.d.ts` and `.edgeplate/tsconfig.json` for the app's routes.
 * `app` is a scan the caller already made (build, dev); without it the app is scanned here.
 */
export async function writeRouteTypes(options: RouteTypesOptions, app?: ScannedApp): Promise<WrittenRouteTypes> {
  const rootDir = resolve(options.rootDir);
  const scanned = app ?? (await scanApp(rootDir, options));
  const dir = join(rootDir, ".edgeplate");
  const typesDir = join(dir, "types");
  const routesFile = join(typesDir, "routes.d.ts");
  const tsconfigFile = join(dir, "tsconfig.json");
  await mkdir(typesDir, { recursive: true });
  const routes = await Promise.all(scanned.routes.map(async (route) => ({ ...route, validated: await declaresValidators(route.file) })));
  const changed = [await writeIfChanged(routesFile, routeTypesSource(routes, typesDir)), await writeIfChanged(tsconfigFile, appTsconfig())].includes(true);
  return { routesFile, tsconfigFile, routes: scanned.routes.length, changed };
}

async function writeIfChanged(file: string, content: string): Promise<boolean> {
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === content) return false;
  await writeFile(file, content);
  return true;
}

/**
 * Whether a route file mentions `defineValidatedHandler`: only then are its body and query read
 * from the handler's type. A miss (validators behind a helper of the app's own) leaves the inputs
 * untyped, never wrong; a mention that is not a call reads them as `unknown`, which is the same.
 */
async function declaresValidators(file: string): Promise<boolean> {
  return (await readFile(file, "utf8").catch(() => "")).includes("defineValidatedHandler");
}
