import type { EdgeplateConfig } from "./types/config.ts";

export type { EdgeplateConfig } from "./types/config.ts";

/**
 * Type helper for `edgeplate.config.ts`.
 * @example
 * export default defineConfig({ routeRules: { "/api/**": { cors: true } } });
 */
export function defineConfig(config: EdgeplateConfig): EdgeplateConfig {
  return config;
}

/** Nitro's other name for it, kept: a config moved by renaming its imports still calls `defineNitroConfig`. */
export { defineConfig as defineNitroConfig };

/** A build hook's way to ask the running dev server (Nitro's `serverFetch` / `fetch` from the main import). */
export { serverFetch, fetch } from "./config-fetch.ts";
export type { BuildHooks, BuildHookContext, RollupBuildConfig } from "./build/hooks.ts";
