import { existsSync } from "node:fs";
import { resolve } from "pathe";
import type { EdgeplateConfig, HandlerConfig } from "../types/config.ts";
import { createError } from "./errors.ts";

/**
 * Nitro v3's config keys (`NitroConfig` in nitrojs/nitro `src/types/config.ts`) that Edgeplate has no
 * key for, each with what to do instead. A renamed Nitro config must fail with one line that says
 * how to port the option, never with a bare "unknown option".
 */
const NO_EQUIVALENT: Record<string, string> = {
  apiBaseURL: "API routes live in `api/` (served at `/api/`) or anywhere under `routes/`",
  imports: "Edgeplate has no auto-imports: import helpers from `edgeplate`, `edgeplate/h3` and your own files",
  modules: "Edgeplate has no modules: add Rollup plugins with `rollupPlugins` and runtime plugins in `plugins/`",
  extends: "Edgeplate configs do not extend each other: import the shared object and spread it into `defineConfig`",
  devHandlers: "add a route file that checks `import.meta.dev`, or a `.dev` route (`routes/debug.dev.ts`)",
  devErrorHandler: "`error.ts` runs in dev too: check `import.meta.dev` inside it",
  devServer: "pass `--port` and `--host` to `edgeplate dev`",
  watchOptions: "`edgeplate dev` checks every app file before each request; there is nothing to configure",
  netlify: "Edgeplate writes `_headers` and `_redirects` from `routeRules`; put other settings in `netlify.toml`",
  awsAmplify: "Edgeplate has no AWS Amplify platform: build for `node-server`",
  awsLambda: "Edgeplate has no AWS Lambda platform: build for `node-server`",
  azure: "Edgeplate has no Azure platform: build for `node-server`",
  firebase: "Edgeplate has no Firebase platform: build for `node-server`",
  zephyr: "Edgeplate has no Zephyr platform: build for `node-server`",
  iis: "Edgeplate has no IIS platform: build for `node-server`",
  defaultPreset: "set `platform` (or `EDGEPLATE_PLATFORM`)",
  static: 'build with `platform: "static"`',
  openAPI: "use `openapi: true`",
  tasks: "put each task in its own file under `tasks/` (`tasks/db/migrate.ts` is the task `db:migrate`)",
  future: "Edgeplate's caching already follows one set of semantics (see the contract)",
  wasm: "`.wasm` imports need no option",
  tracingChannel: "Edgeplate has no tracing channels: log from a runtime plugin's `request` and `response` hooks",
  scanDirs: "Edgeplate scans the app root only (`routes/`, `api/`, `middleware/`, `plugins/`)",
  apiDir: "API routes live in `api/` or `routes/api/`",
  routesDir: "routes live in `routes/`",
  srcDir: "Edgeplate scans the app root: pass the folder to `edgeplate build <dir>`",
  rootDir: "pass the folder to `edgeplate build <dir>`",
  workspaceDir: "pass the folder to `edgeplate build <dir>`",
  buildDir: "Edgeplate builds into `.edgeplate/` (dev) and `output.dir`",
  buildAssetsDir: "Vite's `build.assetsDir` names the client's assets folder",
  ssrRoutes: "use `renderer` for server-rendered pages",
  serveStatic: "each platform decides whether the server serves `public/`",
  noPublicDir: "leave `public/` out of the app folder",
  logLevel: "Edgeplate's build log has one level",
  logging: "Edgeplate's build log has one level",
  debug: "Edgeplate's build log has one level",
  dev: "`edgeplate dev` sets dev mode",
  builder: "Edgeplate builds with Rollup",
  rollupConfig: "add Rollup plugins with `rollupPlugins`",
  rolldownConfig: "Edgeplate builds with Rollup: add plugins with `rollupPlugins`",
  entry: "each platform has its own entry; `server.ts` is the app's fetch handler",
  unenv: "Edgeplate polyfills nothing: each platform bundles for what its host provides",
  inlineDynamicImports: "each route stays its own chunk",
  node: "set `platform`; the platform says whether Node built-ins exist",
  oxc: "Edgeplate compiles TypeScript with esbuild",
  replace: "add `@rollup/plugin-replace` with `rollupPlugins`",
  commonJS: "CommonJS dependencies are converted with defaults; add a Rollup plugin with `rollupPlugins` for more",
  exportConditions: "the platform sets the export conditions",
  noExternals: "dependencies are always bundled (only native `traceDeps` stay outside)",
  traceOpts: "`traceDeps` packages are traced with @vercel/nft's defaults",
  typescript: "extend `edgeplate/tsconfig` (and `.edgeplate/tsconfig.json`) in the app's `tsconfig.json`",
  commands: "Edgeplate writes the preview and deploy commands into `.output/edgeplate.json`",
  framework: "Edgeplate does not record a framework name",
};

/** Nitro keys accepted because they describe what Edgeplate always does: one behaviour, whatever the date. */
const ALWAYS_SO = ["compatibilityDate"];

const PRESETS: Record<string, string> = {
  node: "node-server",
  "node-server": "node-server",
  node_server: "node-server",
  nodeServer: "node-server",
  "node-cluster": "node-cluster",
  nodeCluster: "node-cluster",
  cloudflare: "cloudflare",
  "cloudflare-module": "cloudflare",
  cloudflareModule: "cloudflare",
  cloudflare_module: "cloudflare",
  netlify: "netlify",
  vercel: "vercel",
  bun: "bun",
  deno: "deno",
  "deno-server": "deno",
  denoServer: "deno",
  static: "static",
};

/** The Nitro keys `fromNitroConfig` turns into Edgeplate's own: accepted by validation too. */
export const NITRO_SUPPORTED_KEYS = [
  "preset",
  "routes",
  "handlers",
  "devProxy",
  "virtual",
  "traceDeps",
  "errorHandler",
  "serverEntry",
  "plugins",
  "serverDir",
  "vercel",
  "cloudflare",
  "hooks",
  "alias",
  "baseURL",
  "app",
  "features",
];

/** The parts of Nitro's host options Edgeplate passes on (`vercel`, `cloudflare`), each other one with what to do instead. */
const HOST_OPTIONS: Record<string, { supported: string[]; hint: string }> = {
  vercel: { supported: ["functions", "regions", "config"], hint: "set headers and redirects with `routeRules` and ISR with `isr` route rules" },
  cloudflare: { supported: ["wrangler"], hint: "put other Wrangler settings under `cloudflare.wrangler` or in a `wrangler.json` in the app folder" },
};

/** A one-line error for a part of `vercel` / `cloudflare` that Edgeplate does not pass on. */
export function hostOptionsError(config: EdgeplateConfig, where: string): Error | undefined {
  for (const [host, { supported, hint }] of Object.entries(HOST_OPTIONS)) {
    const value = (config as Record<string, unknown>)[host];
    if (value === undefined) continue;
    const extra = typeof value === "object" && value !== null ? Object.keys(value).filter((k) => !supported.includes(k)) : ["(not an object)"];
    if (extra.length > 0) {
      return createError("config", `\`${host}.${extra[0]}\`${where} is not supported: Edgeplate passes on ${supported.map((k) => `\`${host}.${k}\``).join(", ")} only; ${hint}.`);
    }
  }
  return undefined;
}

/**
 * A one-line error for a Nitro key Edgeplate has no equivalent of, or undefined when `key` is not
 * one of Nitro's (the caller's "unknown option" error applies).
 */
export function nitroKeyError(key: string, where: string): Error | undefined {
  const hint = NO_EQUIVALENT[key];
  return hint ? createError("config", `Nitro's \`${key}\` option${where} has no Edgeplate equivalent: ${hint}. Remove it from the config.`) : undefined;
}

type NitroShaped = Omit<EdgeplateConfig, "serverAssets" | "compressPublicAssets"> & {
  preset?: string;
  routes?: Record<string, string | Omit<HandlerConfig, "route" | "middleware">>;
  serverAssets?: { dir: string; name?: string; baseName?: string }[];
  compressPublicAssets?: boolean | { gzip?: boolean; brotli?: boolean; zstd?: boolean };
  compatibilityDate?: unknown;
  features?: { websocket?: boolean; runtimeHooks?: boolean };
};

/**
 * Rewrites the Nitro-shaped keys Edgeplate supports into its own: `preset` → `platform`, `routes`
 * → `handlers`, `serverAssets[].baseName` → `name`, a `compressPublicAssets` object → `true`,
 * `devProxy` → `proxy` route rules (dev only). Runs before validation, so what remains is checked
 * as Edgeplate config.
 */
export function fromNitroConfig(input: EdgeplateConfig, dev: boolean, where: string): EdgeplateConfig {
  const { preset, routes, devProxy, ...config } = input as NitroShaped & EdgeplateConfig;
  const out: NitroShaped = { ...config };
  for (const key of ALWAYS_SO) delete out[key as keyof NitroShaped];
  // `imports: false`, `hooks: {}`, `modules: []`: a Nitro option set to ask for nothing has nothing to port.
  for (const key of Object.keys(NO_EQUIVALENT)) if (key in out && asksForNothing((out as Record<string, unknown>)[key])) delete (out as Record<string, unknown>)[key];
  if (preset !== undefined && out.platform === undefined) {
    const platform = PRESETS[preset];
    if (!platform) {
      throw createError("config", `Nitro preset \`${preset}\`${where} has no Edgeplate platform. Set \`platform\` to one of: ${[...new Set(Object.values(PRESETS))].join(", ")}.`);
    }
    out.platform = platform;
  }
  if (routes) {
    const entries = Object.entries(routes).map(([route, h]): HandlerConfig => (typeof h === "string" ? { route, handler: h } : { ...h, route }));
    out.handlers = [...(out.handlers ?? []), ...entries];
  }
  if (out.serverAssets?.some((a) => a.baseName !== undefined)) {
    out.serverAssets = out.serverAssets.map(({ baseName, ...a }) => (baseName !== undefined && a.name === undefined ? { ...a, name: baseName } : a));
  }
  if (typeof out.compressPublicAssets === "object" && out.compressPublicAssets !== null) {
    const c = out.compressPublicAssets;
    out.compressPublicAssets = !!(c.gzip || c.brotli || c.zstd);
  }
  if (devProxy && dev) out.routeRules = { ...devProxyRules(devProxy, where), ...out.routeRules };
  if (out.features !== undefined) {
    // Nitro's `features.websocket` is Edgeplate's `websocket`; runtime hooks always run here (no flag).
    const { websocket, runtimeHooks: _always, ...rest } = (out.features ?? {}) as { websocket?: boolean; runtimeHooks?: boolean };
    const extra = typeof out.features === "object" && out.features !== null ? Object.keys(rest) : ["(not an object)"];
    if (extra.length > 0)
      throw createError(
        "config",
        `\`features.${extra[0]}\`${where} is not supported: Edgeplate knows \`features.websocket\` (its \`websocket\` option) and \`features.runtimeHooks\` (always on).`,
      );
    if (websocket !== undefined && out.websocket === undefined) out.websocket = websocket;
    delete out.features;
  }
  return out as EdgeplateConfig;
}

function asksForNothing(value: unknown): boolean {
  if (value === false || value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** Nitro's `devProxy: { "/api": "http://localhost:4000/api" }` as h3 `proxy` route rules (`/api/**` → `…/api/**`). */
function devProxyRules(devProxy: NonNullable<EdgeplateConfig["devProxy"]>, where: string): NonNullable<EdgeplateConfig["routeRules"]> {
  const rules: NonNullable<EdgeplateConfig["routeRules"]> = {};
  for (const [prefix, target] of Object.entries(devProxy)) {
    const to = typeof target === "string" ? target : target?.target;
    if (typeof to !== "string" || !/^https?:\/\//.test(to)) {
      throw createError("config", `\`devProxy["${prefix}"]\`${where} must be a URL (\`"http://localhost:4000"\`) or \`{ target: URL }\`, got \`${JSON.stringify(target)}\`.`);
    }
    const base = prefix.replace(/\/+$/, "");
    const dest = to.replace(/\/+$/, "");
    rules[base || "/"] = { proxy: { to: dest || to } };
    rules[`${base}/**`] = { proxy: { to: `${dest}/**` } };
  }
  return rules;
}

/** The folder of `routes/`, `api/`, `middleware/`, `plugins/` for Nitro's `serverDir` (`true` is `./server`). */
export function sourceDirOf(rootDir: string, serverDir: EdgeplateConfig["serverDir"], where: string): string {
  if (serverDir === undefined || serverDir === false) return rootDir;
  if (serverDir === true) return resolve(rootDir, "server");
  if (typeof serverDir !== "string")
    throw createError("config", `\`serverDir\`${where} must be a folder relative to the app root (\`"./server"\`) or \`true\`, got \`${JSON.stringify(serverDir)}\`.`);
  const dir = resolve(rootDir, serverDir);
  if (!existsSync(dir))
    throw createError("config", `\`serverDir: "${serverDir}"\`${where} names a folder that does not exist. Create it, or point \`serverDir\` at the folder holding \`routes/\`.`);
  return dir;
}
