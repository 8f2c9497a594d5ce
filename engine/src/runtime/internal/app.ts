import { HTTPError, type H3Config, type H3Event, type Middleware } from "h3";
import { middleware } from "#edgeplate/middleware";
import { errorHandlers, plugins } from "#edgeplate/plugins";
import { dev, maxBodySize } from "#edgeplate/app-config";
import { cacheRulesMiddleware, routeRulesMiddleware } from "#edgeplate/route-rules";
import { publicAssets } from "#edgeplate/public-assets";
import { clientGoneResponse, errorToResponse, handleError, isClientGone } from "./error.ts";
import { limitBodySize } from "./body-limit.ts";
import { guardJsonBody } from "./json-body.ts";
import { createHooks } from "./hooks.ts";
import { EdgeplateH3 } from "./h3-app.ts";
import { createSpaFallback } from "./spa.ts";
import { serverEntry } from "#edgeplate/server-entry";
import { withRequestContext } from "./context.ts";
import { createRendererMiddleware } from "./renderer.ts";
import { renderer } from "#edgeplate/renderer";
import { createStaticMiddleware, type PublicAssetReader } from "./static.ts";
import type { EdgeplateApp } from "./types.ts";

let app: EdgeplateApp | undefined;
let ready: Promise<void> | undefined;
let readPublicAsset: PublicAssetReader | undefined;
let startupError: HTTPError | undefined;

/** The app singleton; plugins run once, before the first request is answered. */
export function useApp(): EdgeplateApp {
  return (app ??= createApp());
}

/** Platform entries that serve `public/` themselves say how to read a file of it. */
export function setPublicAssetReader(reader: PublicAssetReader): void {
  readPublicAsset = reader;
}

function createApp(): EdgeplateApp {
  // Hook callers are attached only while someone listens: h3 adds a promise hop per request for
  // an `onResponse`, which is measurable on a JSON route.
  const config: H3Config = {
    silent: true,
    onError: async (error, event) => {
      if (isClientGone(error)) return clientGoneResponse();
      if (hooks.has("error")) await hooks.callHook("error", error, { event });
      return errorHandlers ? handleError(error, event, errorHandlers, dev) : errorToResponse(error, event, dev);
    },
  };
  const hooks = createHooks(() => {
    config.onRequest = startupError || hooks.has("request") ? onRequest : undefined;
    config.onResponse = hooks.has("response") ? (response, event) => hooks.callHook("response", response, event) : undefined;
  });
  const onRequest = (event: H3Event) => {
    if (startupError) throw startupError;
    return hooks.has("request") ? hooks.callHook("request", event) : undefined;
  };
  const h3 = new EdgeplateH3(config);
  if (routeRulesMiddleware) h3.use(routeRulesMiddleware);
  h3.use(guardRequests(publicAssets && createStaticMiddleware(publicAssets, () => readPublicAsset)));
  for (const mw of middleware) h3.use(mw);
  // A cached answer stands for the route's own, so the app's middleware runs before it too.
  if (cacheRulesMiddleware) h3.use(cacheRulesMiddleware);
  // `server.ts` answers what no route did, before the renderer and the SPA shell.
  if (serverEntry) h3.use(serverEntry);
  // The renderer answers what no route, server entry or file did; the SPA shell only what it leaves.
  if (renderer) h3.use(createRendererMiddleware(renderer));
  const spa = createSpaFallback();
  if (spa) h3.use(spa);

  const instance: EdgeplateApp = {
    h3,
    hooks,
    // Synchronous when h3 answers synchronously, so srvx can take its fast path.
    fetch: withRequestContext((request) => (ready ? ready.then(() => h3.fetch(request)) : h3.fetch(request))),
  };
  // Plugins may call `useApp()` (`edgeplate/app`): they get this instance, not a second one.
  app = instance;
  if (plugins.length > 0) {
    // Cleared once settled (a hop later, so even plugins that finish synchronously clear it): a
    // request that finds no pending startup is answered without a promise hop.
    const running: Promise<void> = runPlugins(instance).finally(() => {
      if (ready === running) ready = undefined;
      hooks.changed();
    });
    ready = running;
  }
  return instance;
}

/**
 * One middleware layer in front of the app's own: reads (GET/HEAD) may be public files, other
 * methods get the body limit (`body-limit.ts`) and the JSON checks (`json-body.ts`). Each layer
 * costs on every request, so the two share one.
 */
function guardRequests(serveFiles: Middleware | undefined): Middleware {
  return (event, next) => {
    const method = event.req.method;
    if (method === "GET" || method === "HEAD") return serveFiles ? serveFiles(event, next) : next();
    guardJsonBody(event, limitBodySize(event, maxBodySize));
    return next();
  };
}

async function runPlugins(instance: EdgeplateApp): Promise<void> {
  try {
    for (const plugin of plugins) await plugin(instance);
  } catch (error) {
    // Every request then answers 500 through the normal error path instead of hanging.
    console.error("[edgeplate] a plugin failed to start:", error);
    startupError = new HTTPError({ status: 500, message: "A server plugin failed to start", cause: error });
  }
}
