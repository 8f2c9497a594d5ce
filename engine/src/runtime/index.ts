import type { EdgeplateErrorHandler, EdgeplatePlugin } from "./internal/types.ts";
import { defineValidatedHandler as h3DefineValidatedHandler } from "h3";
import type { DefineValidatedHandler } from "./fetch/types.ts";

export { defineHandler, defineMiddleware, HTTPError, HTTPResponse, html } from "h3";
// WebSocket routes (crossws hooks: upgrade, open, message, close, error), served with `websocket: true`.
export { defineWebSocketHandler, defineWebSocket } from "h3";
export type { WebSocketHooks, WebSocketPeer, WebSocketMessage } from "h3";
export type { H3Event, EventHandler, Middleware } from "h3";
export { serverFetch, serverFetch as fetch } from "./internal/fetch.ts";
// Nitro configs import it from the main entry (`import { defineConfig } from "nitro"`); the config
// loader resolves `edgeplate` to `edgeplate/config` while the config loads (build/config-aliases.ts).
export { defineConfig } from "../config.ts";
// h3's own: Standard Schema validators (zod, valibot, …) for body, query and headers; invalid input is a 400 with the issues in `data`.
// Typed so the handler's type keeps its schemas, which the generated route types read (`$fetch`'s body and query): see fetch/types.ts.
export const defineValidatedHandler = h3DefineValidatedHandler as DefineValidatedHandler;
export { $fetch } from "./fetch/server.ts";
export { useRequestFetch } from "./fetch/forward.ts";
export { FetchError } from "ofetch";
export type { EdgeplateFetch } from "./fetch/types.ts";
export type { EdgeplateApp, EdgeplatePlugin, EdgeplateErrorHandler } from "./internal/types.ts";
export type { EdgeplateImportMeta } from "./import-meta.ts";

/**
 * A runtime plugin, run once before the first request.
 * @example
 * export default definePlugin((app) => app.hooks.hook("request", (event) => console.log(event.url.pathname)));
 */
export function definePlugin(plugin: EdgeplatePlugin): EdgeplatePlugin {
  return plugin;
}

/**
 * Custom error responses: put `export default defineErrorHandler(...)` in the app's `error.ts`.
 * Return nothing to fall back to the default JSON (or dev HTML) error.
 */
export function defineErrorHandler(handler: EdgeplateErrorHandler): EdgeplateErrorHandler {
  return handler;
}

/** Metadata about a route (OpenAPI and the like); a no-op at run time. */
export function defineRouteMeta(meta: Record<string, unknown>): Record<string, unknown> {
  return meta;
}
