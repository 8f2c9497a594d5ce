import type { RouteRuleConfig } from "h3/rules";
import type { Plugin as RollupPlugin } from "rollup";
import type { Hookable, NestedHooks } from "hookable";
import type { BuildHooks } from "../build/hooks.ts";

/** A storage mount: an unstorage driver name plus its options. */
export interface StorageMountConfig {
  driver: string;
  [option: string]: unknown;
}

/** A database: a db0 connector name plus its options. */
export interface DatabaseConfig {
  connector: string;
  options?: Record<string, unknown>;
}

/** Edgeplate's route rules: h3's built-in rules plus the build-time ones. */
export interface EdgeplateRouteRule extends RouteRuleConfig {
  isr?: boolean | number;
  prerender?: boolean;
  static?: boolean;
}

export interface EdgeplateConfig {
  /** Build target, a folder under `platforms/` (default `node-server`, or `EDGEPLATE_PLATFORM`). */
  platform?: string;
  routeRules?: Record<string, EdgeplateRouteRule>;
  storage?: Record<string, StorageMountConfig>;
  devStorage?: Record<string, StorageMountConfig>;
  database?: Record<string, DatabaseConfig>;
  devDatabase?: Record<string, DatabaseConfig>;
  runtimeConfig?: Record<string, unknown>;
  /** Extra folders copied into the public output: `{ dir, baseURL?, maxAge? }`. */
  publicAssets?: { dir: string; baseURL?: string; maxAge?: number }[];
  /** Extra folders bundled as server assets, each mounted at `assets:<name>`. */
  serverAssets?: { dir: string; name?: string }[];
  prerender?: { routes?: string[]; crawlLinks?: boolean };
  compressPublicAssets?: boolean;
  sourcemap?: boolean;
  minify?: boolean;
  /** Largest accepted request body in bytes (default 1 MB); larger bodies get 413. */
  maxBodySize?: number;
  output?: { dir?: string };
  /**
   * Globs relative to the app root whose files are not scanned as routes, API routes, middleware,
   * plugins or the error handler (`["routes/_*.ts", "api/drafts/**"]`), as Nitro's `ignore`.
   */
  ignore?: string[];
  /**
   * Single-page app: unknown GET paths outside `/api/**` that accept HTML get the public
   * `/index.html`. A path such as `"/app/"` says where the app lives (Vite's `base`): deep links
   * under it get `/app/index.html`. The Vite plugin sets it for Vite's default `appType: "spa"`.
   */
  spa?: boolean | string;
  /** Extra rollup plugins, appended after Edgeplate's own. */
  rollupPlugins?: RollupPlugin[];
  /**
   * The app's fetch handler for requests no route matched (default: `server.ts` at the app root,
   * also `.js`, `.mjs`, `.mts`, `.tsx`, `.jsx`, and `server.node.*` for a Node `(req, res)` handler);
   * `false` ignores `server.ts`.
   */
  serverEntry?: ServerEntryConfig;
  /** Error handler files (relative to the app root) run after `error.ts`, in order (Nitro's key). */
  errorHandler?: string | string[];
  /** Extra route files or global middleware (Nitro's `handlers`; `routes: { "/x": "./x.ts" }` too). */
  handlers?: HandlerConfig[];
  /** Extra runtime plugin files (relative to the app root), run after `plugins/`. */
  plugins?: string[];
  /** Modules generated from the config: id (`#name`) → code, or a function returning it. */
  virtual?: Record<string, string | (() => string | Promise<string>)>;
  /** Packages kept out of the bundle and copied with their files into the output (native addons), besides the platform's. */
  traceDeps?: string[];
  /** Dev only: path prefix → URL it is proxied to (`{ "/api": "http://localhost:4000/api" }`). */
  devProxy?: Record<string, string | { target: string }>;
  /** Vercel's function config (`functions`: memory, maxDuration, …; `regions`) and `config.json` additions (`config`; its `routes` go first), as Nitro's key. */
  vercel?: { functions?: Record<string, unknown>; regions?: string[]; config?: Record<string, unknown> & { routes?: Record<string, unknown>[] } };
  /** `wrangler`: settings merged into the generated `wrangler.json` (as a `wrangler.json` in the app folder, which wins), as Nitro's key. */
  cloudflare?: { wrangler?: Record<string, unknown> };
  /** Nitro's `routes`: path → handler file or `virtual` id (`{ "/": "#virtual-route" }`), as `handlers` entries. */
  routes?: Record<string, string | Omit<HandlerConfig, "route" | "middleware">>;
  /** Nitro's name for `platform` (`"node"`, `"cloudflare-module"`, …). */
  preset?: string;
  /** Accepted from Nitro configs; Edgeplate has one behaviour whatever the date. */
  compatibilityDate?: string | Record<string, string>;
  /**
   * Nitro's key: the folder (relative to the app root) holding `routes/`, `api/`, `middleware/` and
   * `plugins/`. Default (and `"./"`, `false`): the app root; `true`: `./server`. `server.ts`,
   * `error.ts`, `public/` and the config stay at the app root.
   */
  serverDir?: boolean | string;
  /** Serves the OpenAPI 3.1 document at `/_openapi.json` in production too (always in dev, with `/_docs`). */
  openapi?: boolean;
  /**
   * The catch-all that server-renders HTML (Nitro's `renderer`), run for what no route, `server.ts`
   * or public file answered, before the SPA fallback. `handler`: a module whose default export takes
   * the event and returns a `Response`, an HTML string or a stream of it; `template`: an HTML file
   * served as the page when there is no handler. Without this key, a non-Vite app's root
   * `index.html` is the template; `false` turns that off.
   */
  renderer?: false | RendererConfig;
  /** A second prefix for runtime config variables besides `EDGEPLATE_` (Nitro's `runtimeConfig.nitro.envPrefix`): `APP_` → `APP_API_TOKEN`. */
  envPrefix?: string;
  /**
   * Cron pattern → the task (or tasks, run together) it runs: `{ "0 * * * *": ["cms:update"] }`.
   * Node, Bun and Deno run the schedule in process (croner; a sixth leading field counts seconds);
   * Cloudflare, Vercel and Netlify get the crons in their own config (five fields).
   */
  scheduledTasks?: Record<string, string | string[]>;
  /** Serves `defineWebSocketHandler` routes (crossws) on hosts with WebSockets; the others fail the build. */
  websocket?: boolean;
  /**
   * Build hooks, named as Nitro's (`build:before`, `rollup:before`, `compiled`, `dev:start`,
   * `dev:reload`, `dev:error`, `prerender:routes`, `close`): see `BuildHooks` for what each receives.
   */
  hooks?: NestedHooks<BuildHooks>;
  /**
   * The path the app is served under (Nitro's key; default `/`, or `EDGEPLATE_APP_BASE_URL` at build
   * time): routes, route rules, public files, prerendered pages, the SPA shell and `/_openapi.json`
   * live under it (`"/app/"` → `/app/api/hello`); `useRuntimeConfig().app.baseURL` holds it.
   */
  baseURL?: string;
  /** Nitro's other place for it: `app: { baseURL }`. */
  app?: { baseURL?: string };
  /**
   * Import prefixes → folders or files (relative to the app root), as Nitro's `alias`:
   * `{ "~server": "./server" }` lets a route import `~server/utils/math.ts`. The app's
   * `tsconfig.json` `compilerOptions.paths` are read as aliases too.
   */
  alias?: Record<string, string>;
  /** Nitro's opt-in runtime features. */
  experimental?: {
    /** `useRequest()` (`edgeplate/context`): every request runs inside an `AsyncLocalStorage`. */
    asyncContext?: boolean;
    /** `{{VAR}}` in runtime config strings is replaced by the variable `VAR` at run time. */
    envExpansion?: boolean;
    [feature: string]: unknown;
  };
}

export interface RendererConfig {
  /** HTML file (relative to the app root) served as the page. */
  template?: string;
  /** Module (relative to the app root) whose default export renders the page. */
  handler?: string;
  /** Serve the template as it is (the only mode: templates are not evaluated). */
  static?: boolean;
}

export type ServerEntryConfig = string | false | { handler: string; format?: "web" | "node" };

/** A file answering `route` (rou3 syntax, `/api/:id`, `/blog/**`), or a global middleware. */
export interface HandlerConfig {
  route?: string;
  method?: string;
  /** File relative to the app root, or a `virtual` module id. */
  handler: string;
  middleware?: boolean;
  /** Accepted for Nitro configs: every route is loaded on first use anyway. */
  lazy?: boolean;
  format?: "web" | "node";
}

/** What a platform folder's `preset.ts` exports: data in the shape of config, plus one hook. */
export interface PlatformPreset {
  name: string;
  /** Runtime entry module (absolute path), adapting the host's request to the app. */
  entry: string;
  /** Package export conditions used when resolving dependencies. */
  exportConditions?: string[];
  /** Modules left out of the bundle (Node built-ins are decided by `node`). */
  external?: (string | RegExp)[];
  /**
   * Packages kept out of the bundle and copied, with the files they load at run time, into the
   * server output's `node_modules` (native addons such as `better-sqlite3`). Only the ones the
   * bundle imports are copied.
   */
  traceDeps?: string[];
  /** Whether the host provides Node built-ins (`node:*` stays external). */
  node?: boolean;
  /** The host loads `.wasm` files as modules and refuses to compile WebAssembly from bytes at run time (workerd). */
  wasmModules?: boolean;
  /**
   * Who fires `scheduledTasks`: `process` the server itself (croner), `hook` the host through the
   * entry's `scheduled` export (the runtime's `scheduled` hook), `config` the host from the config
   * `writeConfig` writes (Vercel's `crons`, Netlify's scheduled functions). Unset: the build fails
   * when the config schedules tasks.
   */
  cron?: "process" | "hook" | "config";
  /** The host answers WebSocket upgrades through the runtime entry (`defineWebSocketHandler` routes). */
  websocket?: boolean;
  /** Output layout, relative to the app root. `{{ output.dir }}` is `.output` unless configured. */
  output?: { serverDir?: string; publicDir?: string; entryName?: string };
  /** Whether the server bundle serves `public/` itself (off where the host's CDN does). */
  serveStatic?: boolean;
  /** Defaults merged under the user's config. */
  defaults?: Partial<EdgeplateConfig>;
  /**
   * Storage drivers the platform's runtime supplies in place of unstorage's, by driver name →
   * module (absolute path; its default export takes the mount's options, as unstorage's do).
   * Netlify's `netlify-blobs` adds a memory fallback where no Blobs environment exists.
   */
  storageDrivers?: Record<string, string>;
  /** Commands printed after the build and recorded in `edgeplate.json`. */
  commands?: { preview?: string; deploy?: string };
  /** Writes the host's own config files once the bundle is written. */
  writeConfig?: (ctx: PlatformBuildContext) => void | Promise<void>;
  /** Runs the built output locally the way the host would. */
  preview?: (ctx: PlatformBuildContext) => void | Promise<void>;
}

export interface PlatformBuildContext {
  options: ResolvedOptions;
  /** Public asset paths (URL paths) that the build wrote. */
  publicFiles: string[];
  /** Public files whose `content-type` their name does not give (prerendered routes such as `/api/data`), by path. */
  contentTypes?: Record<string, string>;
}

export interface ResolvedOptions extends Required<
  Pick<EdgeplateConfig, "routeRules" | "storage" | "database" | "runtimeConfig" | "minify" | "sourcemap" | "maxBodySize" | "compressPublicAssets">
> {
  rootDir: string;
  dev: boolean;
  preset: PlatformPreset;
  config: EdgeplateConfig;
  configFile?: string;
  publicAssets: { dir: string; baseURL: string; maxAge: number }[];
  serverAssets: { dir: string; name: string }[];
  prerender: { routes: string[]; crawlLinks: boolean };
  /** Absolute output folders. */
  output: { dir: string; serverDir: string; publicDir: string; entryName: string };
  rollupPlugins: RollupPlugin[];
  ignore: string[];
  serverEntry?: ServerEntryConfig;
  errorHandler?: string | string[];
  /** Absolute folder of `routes/`, `api/`, `middleware/`, `plugins/` (config `serverDir`; default `rootDir`). */
  sourceDir: string;
  handlers: HandlerConfig[];
  plugins: string[];
  virtual: Record<string, string | (() => string | Promise<string>)>;
  /** `/_openapi.json` is served: in dev, or with `openapi: true`. */
  openapi: boolean;
  /** The config's build hooks (plus any a hook adds). */
  hooks: Hookable<BuildHooks>;
  /** The path the app is served under, `/` or `/app/` (leading and trailing slash). */
  baseURL: string;
  /** Import prefix → absolute path: config `alias` over the tsconfig's `paths`. */
  alias: Record<string, string>;
}
