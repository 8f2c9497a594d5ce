import { serve } from "srvx/cloudflare";
import * as workers from "cloudflare:workers";
import { routedPublicPaths, setRuntimeEnv, setWaitUntil, useApp, websocketPlugins } from "edgeplate/platform";
import { createMemoryKV } from "../kv-memory.ts";

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}
interface ScheduledController {
  cron: string;
  scheduledTime: number;
}
type Env = Record<string, unknown>;

// The bindings the generated wrangler.json declares for the default `data` and `cache` mounts.
const KV_BINDINGS = ["DATA", "CACHE"];

// Work the cache starts without a request at hand (a cached function's refresh and write) would
// otherwise be cut off when its request answers; this `waitUntil` binds to the running request.
// Read off the namespace: a workerd older than the export must still load the worker.
setWaitUntil(workers.waitUntil);

let lastEnv: Env | undefined;
const memoryKV: Env = {};

/** Hands the worker env to the runtime once per env object: config overrides and storage bindings. */
function useEnv(env: Env): void {
  if (env === lastEnv) return;
  lastEnv = env;
  setRuntimeEnv(env);
  const fallbacks: Env = {};
  for (const name of KV_BINDINGS) if (!env[name]) fallbacks[name] = memoryKV[name] ??= createMemoryKV(name);
  // unstorage's KV and R2 drivers look bindings up by name on `globalThis.__env__`.
  (globalThis as { __env__?: Env }).__env__ = { ...fallbacks, ...env };
}

// Plugins run as soon as the app is created, before any request hands over its env: workerd's
// importable env has the vars and bindings at module scope already. Read off the namespace, as
// `waitUntil` is; a workerd without it gets the env with the first request instead.
if (workers.env) useEnv(workers.env);
const app = useApp();
// srvx puts `waitUntil` and `runtime.cloudflare.{env,context}` on the request, so handlers and the
// cache read them from `event.req` (`event.req.waitUntil(refresh)` for SWR).
// WebSocket routes (`websocket: true`): crossws answers upgrades with workerd's WebSocketPair.
const server = serve({ fetch: (request) => app.fetch(request), manual: true, plugins: websocketPlugins });

// Public paths that routes also answer for POST & co.: wrangler.json sends every request for them
// to the worker first (`assets.run_worker_first`), so GET and HEAD go back to the static assets.
const routedPublic = new Set(routedPublicPaths);

export default {
  fetch(request: Request, env: Env, context: ExecutionContext): Response | Promise<Response> {
    useEnv(env);
    if (routedPublic.size > 0 && (request.method === "GET" || request.method === "HEAD") && routedPublic.has(new URL(request.url).pathname)) {
      const assets = env.ASSETS as { fetch?: (request: Request) => Promise<Response> } | undefined;
      if (assets?.fetch) return assets.fetch(request);
    }
    return server.fetch(request, env, context as Parameters<typeof server.fetch>[2]);
  },
  scheduled(controller: ScheduledController, env: Env, context: ExecutionContext): void {
    useEnv(env);
    const event = { cron: controller.cron, scheduledTime: controller.scheduledTime, waitUntil: (p: Promise<unknown>) => context.waitUntil(p) };
    context.waitUntil(app.hooks.callHook("scheduled", event));
  },
};
