import type { VirtualContext } from "./index.ts";

export function appConfigModule({ options }: VirtualContext): string {
  const { config } = options;
  const nitroEnv = (options.runtimeConfig.nitro ?? options.runtimeConfig.edgeplate) as { envPrefix?: string; envExpansion?: boolean } | undefined;
  const asyncContext = config.experimental?.asyncContext === true;
  return [
    // Imported only when asked for: the store costs a little on every request.
    ...(asyncContext ? [`import { AsyncLocalStorage } from "node:async_hooks";`] : []),
    `export const dev = ${options.dev};`,
    `export const maxBodySize = ${options.maxBodySize};`,
    `export const runtimeConfig = ${JSON.stringify(options.runtimeConfig)};`,
    `export const routeRules = ${JSON.stringify(options.routeRules)};`,
    // Objects, not bare values: route chunks import them from the entry, and workerd takes every
    // export of the entry module that is not an object or function for a broken handler.
    `export const asyncContext = { storage: ${asyncContext ? "new AsyncLocalStorage()" : "undefined"} };`,
    `export const envOptions = ${JSON.stringify({ prefix: config.envPrefix ?? nitroEnv?.envPrefix, expansion: config.experimental?.envExpansion === true || nitroEnv?.envExpansion === true })};`,
  ].join("\n");
}
