import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";
import type { ScannedApp } from "../scan.ts";
import type { PublicFile } from "../public.ts";
import { appConfigModule } from "./app-config.ts";
import { middlewareModule } from "./middleware.ts";
import { pluginsModule } from "./plugins.ts";
import { publicAssetsModule } from "./public-assets.ts";
import { routesModule } from "./routes.ts";
import { routeRulesModule } from "./route-rules.ts";
import { serverAssetsModule } from "./server-assets.ts";
import { storageModule } from "./storage.ts";
import { databaseModule } from "./database.ts";
import { spaModule } from "./spa.ts";
import { serverEntryModule } from "./server-entry.ts";
import { openapiModule } from "../openapi/module.ts";
import { rendererModule } from "./renderer.ts";
import { tasksModule } from "../tasks.ts";
import { websocketModule } from "../websocket.ts";

export interface VirtualContext {
  options: ResolvedOptions;
  app: ScannedApp;
  publicFiles: PublicFile[];
}

const PREFIX = "#edgeplate/";

/** Serves the per-app `#edgeplate/*` modules that the runtime imports. */
export function virtualModules(ctx: () => VirtualContext): Plugin {
  const modules: Record<string, (c: VirtualContext) => string | Promise<string>> = {
    routes: routesModule,
    middleware: middlewareModule,
    plugins: pluginsModule,
    "app-config": appConfigModule,
    "route-rules": routeRulesModule,
    "public-assets": publicAssetsModule,
    "server-assets": serverAssetsModule,
    storage: storageModule,
    database: databaseModule,
    spa: spaModule,
    "server-entry": serverEntryModule,
    openapi: openapiModule,
    renderer: rendererModule,
    tasks: tasksModule,
    websocket: websocketModule,
  };
  return {
    name: "edgeplate:virtual",
    // Packages the generated modules import (h3, drivers) are the engine's: resolveDependencies.
    resolveId: (id) => (id.startsWith(PREFIX) && id.slice(PREFIX.length) in modules ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      return modules[id.slice(PREFIX.length + 1)]!(ctx());
    },
  };
}
