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

/** Nitro's other name for it (`defineNitroConfig`), renamed. */
export { defineConfig as defineEdgeplateConfig };
