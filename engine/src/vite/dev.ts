import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "pathe";
import { NodeRequest, sendNodeResponse, toNodeHandler } from "srvx/node";
import type { Plugin } from "vite";
import { createDevController, type DevController } from "../build/dev.ts";
import { logger } from "../build/logger.ts";
import type { EdgeplateViteOptions } from "./index.ts";
import { decidedWithoutBuild } from "./matcher.ts";
import { proxyAppUpgrades } from "./websocket.ts";

/**
 * `vite dev`: requests for the app's routes go to Edgeplate's dev controller (the same pipeline as
 * `edgeplate dev`: rebuilt on change, never stale); the rest fall through to Vite, which keeps
 * serving the SPA with HMR. Which paths are the app's comes from the newest dev build's scan.
 */
export function devPlugin(options: EdgeplateViteOptions): Plugin {
  let controller: Promise<DevController> | undefined;
  return {
    name: "edgeplate:dev",
    apply: "serve",
    configureServer(server) {
      const rootDir = resolve(server.config.root, options.rootDir ?? ".");
      // Start the first server build alongside Vite's own startup instead of on the first request.
      // Vite serves the SPA and `index.html` itself: the dev server has no shell and no `index.html`
      // renderer, so what server.ts passes on comes back to Vite (an `spa` set here wins over the config's).
      const started = createDevController(rootDir, { ...options.config, spa: options.config?.spa ?? false });
      started.catch((error: Error) => logger.error(`Edgeplate dev server failed to start: ${error.message}`));
      controller = started;
      // Vite's connect server is HTTP/1 (or HTTP/2 with the same request shape), never a union of both.
      const handle = toNodeHandler(async (request) => (await started).fetch(request)) as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
      const isServerRequest = async (method: string, url: string) => decidedWithoutBuild(method, url) ?? (await started).matches(method, url);
      // WebSocket routes (`websocket: true`): upgrades for the app's paths go to its dev build; Vite's own HMR socket stays Vite's.
      server.httpServer?.on("upgrade", proxyAppUpgrades(started));
      server.middlewares.use((req, res, next) => {
        isServerRequest(req.method ?? "GET", req.url ?? "/")
          .then(async (ours) => {
            if (ours !== "entry") return ours ? handle(req, res) : next();
            // A read that only the app's server.ts may answer (Nitro runs it before its renderer): its
            // 404, or its passing on, leaves the request to Vite (the SPA, source files, public/).
            const response = await (await started).fetch(new NodeRequest({ req, res }));
            return response.status === 404 ? next() : sendNodeResponse(res, response);
          })
          .catch(next);
      });
    },
    // Vite runs `closeBundle` once per environment when the dev server closes; close only once.
    async closeBundle() {
      const closing = controller;
      controller = undefined;
      await (await closing?.catch(() => undefined))?.close();
    },
  };
}
