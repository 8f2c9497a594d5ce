// `edgeplate/app`: the app as app code sees it (Nitro's `nitro/app`). Nitro's names are kept beside
// Edgeplate's so an app moves by renaming its imports only.
import type { H3Event } from "h3";
import { useApp } from "./internal/app.ts";
import type { Hooks } from "./internal/types.ts";

export { useApp, useApp as useNitroApp } from "./internal/app.ts";
export { serverFetch, serverFetch as fetch } from "./internal/fetch.ts";
export { getRouteRules } from "./internal/route-rules.ts";
export type { EdgeplateApp, EdgeplateHooks, Hooks } from "./internal/types.ts";

/**
 * The app's runtime hooks (`request`, `response`, `error`, `close`, `scheduled`), as plugins get
 * them through `app.hooks`.
 * @example
 * useHooks().hook("request", (event) => console.log(event.url.pathname));
 */
export function useHooks(): Hooks {
  return useApp().hooks;
}
export { useHooks as useNitroHooks };

export type { H3Event };
