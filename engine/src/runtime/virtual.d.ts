// Modules the build generates for each app (see src/build/virtual/). Declared here so the runtime type-checks.
declare module "#edgeplate/routes" {
  import type { H3Route } from "h3";
  export const routes: (H3Route & { route: string; method: string })[];
  /** Compiled rou3 matcher (`rou3/compiler`); route data are entries of `routes`. */
  export function findRoute(method: string, path: string): { data: H3Route; params?: Record<string, string> } | undefined;
}
declare module "#edgeplate/middleware" {
  import type { Middleware } from "h3";
  export const middleware: Middleware[];
}
declare module "#edgeplate/plugins" {
  import type { EdgeplatePlugin } from "./internal/types.ts";
  export const plugins: EdgeplatePlugin[];
  /** `error.ts`, then the config's `errorHandler` files, in that order; `undefined` when there are none. */
  export const errorHandlers: import("./internal/types.ts").EdgeplateErrorHandler[] | undefined;
}
declare module "#edgeplate/app-config" {
  export const dev: boolean;
  export const maxBodySize: number;
  export const runtimeConfig: Record<string, unknown>;
  /** Every route rule of the config, for `getRouteRules` (`edgeplate/app`). */
  export const routeRules: Record<string, import("h3/rules").RouteRuleConfig>;
  /** `storage` is set with `experimental.asyncContext`: the store `useRequest` (`edgeplate/context`) reads. */
  export const asyncContext: { storage: import("node:async_hooks").AsyncLocalStorage<unknown> | undefined };
  /** How `useRuntimeConfig` reads the environment: a second prefix besides `EDGEPLATE_`, and `{{VAR}}` expansion. */
  export const envOptions: { prefix?: string; expansion: boolean };
}
declare module "#edgeplate/renderer" {
  /** `renderer.handler` (or the `renderer.template` page): answers what no route, `server.ts` or file did. */
  export const renderer: import("h3").EventHandler | undefined;
}
declare module "#edgeplate/public-assets" {
  import type { PublicAsset } from "./internal/types.ts";
  /** `undefined` when the server serves no files: the build then leaves the file serving out. */
  export const publicAssets: Record<string, PublicAsset> | undefined;
  /** On hosts that serve `public/` themselves: its paths that routes answer for other methods too. */
  export const routedPublicPaths: string[];
}
declare module "#edgeplate/server-assets" {
  export const serverAssets: Record<string, { meta: { type?: string; etag: string; mtime: string }; data: string; base64: boolean }>;
}
declare module "#edgeplate/storage" {
  import type { Driver } from "unstorage";
  /** `guard`: for a driver that may be networked (`storage/guarded-driver.ts`), not for in-process ones. */
  export const mounts: { base: string; driver: () => Driver; guard?: (base: string, driver: Driver) => Driver }[];
}
declare module "#edgeplate/spa" {
  /** The SPA's `index.html` when `spa` is on. */
  export const spaIndex: string | undefined;
  /** Where the app lives, with slashes around (`/`, `/app/`); deep links outside it get no shell. */
  export const spaBase: string | undefined;
}
declare module "#edgeplate/database" {
  import type { Connector } from "db0";
  export const databases: Record<string, () => Connector>;
}
/** Dev only: hands the generated modules below to `internal/dev-bridge.ts` (build/dev-externals.ts). */
declare module "#edgeplate/dev-bridge" {}
declare module "#edgeplate/build-hash" {
  /** Hash of the whole server bundle (see src/build/build-hash.ts). */
  export const buildHash: string;
}
declare module "#edgeplate/route-rules" {
  export const routeRulesMiddleware: import("h3").Middleware | undefined;
  /** `cache` / `swr` rules, run after the app's own middleware. */
  export const cacheRulesMiddleware: import("h3").Middleware | undefined;
}
declare module "#edgeplate/openapi" {
  /** The app's package name and version. */
  export const info: { title: string; version: string };
  /** One entry per route file: what the build read from its path and `defineRouteMeta`, and its module. */
  export const operations: {
    path: string;
    methods: string[];
    params: { name: string; catchAll: boolean }[];
    meta?: Record<string, unknown>;
    load: () => Promise<{ default?: unknown }>;
  }[];
}
declare module "#edgeplate/server-entry" {
  /** The app's `server.ts` as a middleware for requests no route matched (`internal/server-entry.ts`). */
  export const serverEntry: import("h3").Middleware | undefined;
}
declare module "#edgeplate/tasks" {
  /** Each file of `tasks/` by task name (`db:migrate`), loaded on its first run. */
  export const tasks: Record<string, () => Promise<unknown>>;
  /** The config's `scheduledTasks`: each cron pattern with the tasks it runs, in order. */
  export const scheduledTasks: [cron: string, tasks: string[]][];
}
declare module "#edgeplate/websocket" {
  /** crossws's srvx plugin for the host, when `websocket: true` (else empty): server entries pass it to `serve({ plugins })`. */
  export const websocketPlugins: import("srvx").ServerPlugin[];
}
