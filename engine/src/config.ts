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
