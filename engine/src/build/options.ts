import { existsSync } from "node:fs";
import { loadConfig, SUPPORTED_EXTENSIONS } from "c12";
import { defu } from "defu";
import { resolve } from "pathe";
import type { EdgeplateConfig, ResolvedOptions } from "../types/config.ts";
import { configErrorLocation, createError, formatLocation, type EdgeplateError } from "./errors.ts";
import { configAliases, provideConfigGlobal } from "./config-aliases.ts";
import { fromNitroConfig, hostOptionsError, NITRO_SUPPORTED_KEYS, nitroKeyError, sourceDirOf } from "./nitro-keys.ts";
import { loadPlatform } from "./platforms.ts";
import { createBuildHooks } from "./hooks.ts";
import { tsconfigAliases } from "./tsconfig-paths.ts";
import { resolveBaseURL, withBaseURL } from "./base-url.ts";

export interface LoadOptionsInput {
  rootDir?: string;
  dev?: boolean;
  /** Config overrides from the CLI or the Vite plugin; they win over the config file. */
  overrides?: EdgeplateConfig;
}

const KNOWN_KEYS = new Set<string>([
  "platform",
  "routeRules",
  "storage",
  "devStorage",
  "database",
  "devDatabase",
  "runtimeConfig",
  "publicAssets",
  "serverAssets",
  "prerender",
  "compressPublicAssets",
  "sourcemap",
  "minify",
  "maxBodySize",
  "output",
  "rollupPlugins",
  "spa",
  "ignore",
  "openapi",
  // Nitro compatibility (issue 15): renderer, env prefix, opt-in runtime features.
  "renderer",
  "envPrefix",
  "experimental",
  // Nitro compatibility (issue 15): the server entry, extra handlers and files (nitro-keys.ts).
  ...NITRO_SUPPORTED_KEYS,
  // Tasks and WebSockets (issue 13): `tasks/` files run by cron, and `defineWebSocketHandler` routes.
  "scheduledTasks",
  "websocket",
]);

const MOUNTS = ["storage", "devStorage", "database", "devDatabase"] as const;

/**
 * `primary` over `fallback`, deeply, except that a storage mount or database named in `primary`
 * replaces the fallback's whole: a Redis `data` mount must not inherit the preset's `fs-lite`
 * `base`, nor a SQLite database named `app` the default's `path`.
 */
function withDefaults(primary: EdgeplateConfig, fallback: EdgeplateConfig): EdgeplateConfig {
  const merged = defu(primary, fallback) as EdgeplateConfig;
  const mounts = merged as Record<(typeof MOUNTS)[number], object | undefined>;
  for (const key of MOUNTS) if (primary[key] || fallback[key]) mounts[key] = { ...fallback[key], ...primary[key] };
  return merged;
}

export async function loadOptions(input: LoadOptionsInput = {}): Promise<ResolvedOptions> {
  const rootDir = resolve(input.rootDir ?? ".");
  if (!existsSync(rootDir)) {
    throw createError("config", `app folder \`${rootDir}\` does not exist. Pass the folder that holds your \`routes/\`.`);
  }
  const dev = input.dev ?? false;
  const { config: rawConfig, configFile } = await readConfigFile(rootDir, dev);
  const fileConfig = fromNitroConfig(rawConfig, dev, configFile ? ` in \`${configFile}\`` : "");
  const config = withDefaults(input.overrides ?? {}, fileConfig);
  validateConfig(config, configFile);
  const platformName = dev ? "node-server" : (config.platform ?? process.env.EDGEPLATE_PLATFORM ?? "node-server");
  const platform = await loadPlatform(platformName, rootDir);
  // The config's native packages are traced like the platform's own.
  const preset = config.traceDeps?.length ? { ...platform, traceDeps: [...new Set([...(platform.traceDeps ?? []), ...config.traceDeps])] } : platform;
  const merged = withDefaults(config, preset.defaults ?? {});
  const where = configFile ? ` in \`${configFile}\`` : "";
  // Route rules, public folders and prerendered routes are written relative to `baseURL`, as in Nitro.
  const baseURL = resolveBaseURL(config, where);
  const base = (path: string) => withBaseURL(baseURL, path);
  const outputDir = resolve(rootDir, merged.output?.dir ?? ".output");
  const fill = (p: string) => resolve(rootDir, p.replace("{{ output.dir }}", outputDir));
  return {
    rootDir,
    dev,
    preset,
    config,
    configFile,
    routeRules: Object.fromEntries(Object.entries(merged.routeRules ?? {}).map(([pattern, rule]) => [base(pattern), rule])),
    storage: (dev ? { ...merged.storage, ...merged.devStorage } : merged.storage) ?? {},
    database: (dev ? { ...merged.database, ...merged.devDatabase } : merged.database) ?? {},
    // `useRuntimeConfig().app.baseURL`, as Nitro's; a value the app's runtime config sets wins.
    runtimeConfig: defu(merged.runtimeConfig ?? {}, { app: { baseURL } }),
    minify: merged.minify ?? false,
    sourcemap: merged.sourcemap ?? false,
    maxBodySize: merged.maxBodySize ?? 1024 * 1024,
    compressPublicAssets: merged.compressPublicAssets ?? true,
    publicAssets: (merged.publicAssets ?? []).map((a) => ({ dir: resolve(rootDir, a.dir), baseURL: base(a.baseURL ?? "/"), maxAge: a.maxAge ?? 0 })),
    serverAssets: (merged.serverAssets ?? []).map((a) => ({ dir: resolve(rootDir, a.dir), name: a.name ?? "server" })),
    prerender: { routes: (merged.prerender?.routes ?? []).map(base), crawlLinks: merged.prerender?.crawlLinks ?? false },
    output: {
      dir: outputDir,
      serverDir: fill(preset.output?.serverDir ?? "{{ output.dir }}/server"),
      publicDir: fill(preset.output?.publicDir ?? "{{ output.dir }}/public"),
      entryName: preset.output?.entryName ?? "index.mjs",
    },
    rollupPlugins: merged.rollupPlugins ?? [],
    ignore: merged.ignore ?? [],
    serverEntry: merged.serverEntry,
    errorHandler: merged.errorHandler,
    sourceDir: sourceDirOf(rootDir, merged.serverDir, configFile ? ` in \`${configFile}\`` : ""),
    handlers: merged.handlers ?? [],
    plugins: merged.plugins ?? [],
    virtual: merged.virtual ?? {},
    openapi: dev || merged.openapi === true,
    baseURL,
    hooks: createBuildHooks(merged.hooks, configFile ? ` in \`${configFile}\`` : ""),
    alias: resolveAliases(rootDir, merged.alias, configFile ? ` in \`${configFile}\`` : ""),
  };
}

/** Config `alias` (relative to the app root) over the tsconfig's `paths`, as absolute paths. */
function resolveAliases(rootDir: string, alias: EdgeplateConfig["alias"], where: string): Record<string, string> {
  if (alias !== undefined && (typeof alias !== "object" || alias === null || Object.values(alias).some((to) => typeof to !== "string"))) {
    throw createError("config", `\`alias\`${where} must map import prefixes to paths (\`{ "~server": "./server" }\`), got \`${JSON.stringify(alias)}\`.`);
  }
  const own = Object.fromEntries(Object.entries(alias ?? {}).map(([from, to]) => [from.replace(/\/+$/, ""), to.startsWith(".") || to.startsWith("/") ? resolve(rootDir, to) : to]));
  return { ...tsconfigAliases(rootDir), ...own };
}

async function readConfigFile(rootDir: string, dev: boolean): Promise<{ config: EdgeplateConfig; configFile?: string }> {
  provideConfigGlobal();
  try {
    const { config, configFile, _configFile } = await loadConfig<EdgeplateConfig>({
      cwd: rootDir,
      name: "edgeplate",
      // The app's `.env` stands in for the host's environment in dev only, as in Nitro (c12 never
      // overrides a variable set in the shell). A built server reads the real environment when it
      // runs, so a build must not pick up values from a local file.
      dotenv: dev,
      packageJson: false,
      rcFile: false,
      globalRc: false,
      jitiOptions: { alias: configAliases() },
    });
    const file = _configFile ?? (configFile && existsSync(configFile) ? configFile : undefined);
    return { config: config ?? {}, configFile: file };
  } catch (error) {
    throw configLoadError(error, rootDir);
  }
}

function validateConfig(config: EdgeplateConfig, file?: string): void {
  const where = file ? ` in \`${file}\`` : "";
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) {
      const nitro = nitroKeyError(key, where);
      if (nitro) throw nitro;
      throw createError("config", `unknown option \`${key}\`${where}. Known options: ${[...KNOWN_KEYS].join(", ")}.`);
    }
  }
  const hostError = hostOptionsError(config, where);
  if (hostError) throw hostError;
  if (config.maxBodySize !== undefined && !(Number.isInteger(config.maxBodySize) && config.maxBodySize > 0)) {
    throw createError("config", `\`maxBodySize\` must be a positive whole number of bytes, got \`${String(config.maxBodySize)}\`${where}.`);
  }
  if (config.openapi !== undefined && typeof config.openapi !== "boolean") {
    throw createError("config", `\`openapi\` must be \`true\` or \`false\`, got \`${JSON.stringify(config.openapi)}\`${where}.`);
  }
  if (config.ignore !== undefined && !(Array.isArray(config.ignore) && config.ignore.every((glob) => typeof glob === "string"))) {
    throw createError(
      "config",
      `\`ignore\` must be a list of globs relative to the app root (for example \`["routes/_*.ts"]\`), got \`${JSON.stringify(config.ignore)}\`${where}.`,
    );
  }
  for (const [name, mount] of Object.entries({ ...config.storage, ...config.devStorage })) {
    if (!mount || typeof mount.driver !== "string") {
      throw createError("config", `storage mount \`${name}\` needs a \`driver\` name (for example \`{ driver: "redis", url: "..." }\`)${where}.`);
    }
  }
  for (const [name, db] of Object.entries({ ...config.database, ...config.devDatabase })) {
    if (!db || typeof db.connector !== "string") {
      throw createError("config", `database \`${name}\` needs a \`connector\` name (for example \`{ connector: "postgresql", options: { url } }\`)${where}.`);
    }
  }
}

/** The config file c12 would load in `rootDir` (`edgeplate.config.*`, then `.config/edgeplate.*`). */
function configFileIn(rootDir: string): string | undefined {
  const names = SUPPORTED_EXTENSIONS.flatMap((ext) => [`${rootDir}/edgeplate.config${ext}`, `${rootDir}/.config/edgeplate${ext}`]);
  return names.find((file) => existsSync(file));
}

/** A config file that failed to load (syntax error, a throw): where, with the source line, and the fix. */
function configLoadError(error: unknown, rootDir: string): EdgeplateError {
  const reason = error instanceof Error ? error.message.split("\n")[0]!.trim() : String(error);
  const file = configFileIn(rootDir);
  const location = file ? configErrorLocation(error, file) : undefined;
  const message = `could not load the config: ${reason}. Fix the file and run again.`;
  if (location) return createError("config", formatLocation(message, location, rootDir));
  return createError("config", `could not load \`${file ?? "edgeplate.config.ts"}\`: ${reason}. Fix the file and run again.`);
}
