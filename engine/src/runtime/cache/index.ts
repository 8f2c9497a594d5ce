// `edgeplate/cache`: response and function caching on the `cache` storage mount.
export { defineCachedHandler, type CachedHandlerOptions } from "./handler.ts";
export { defineCachedFunction, type CachedFunctionOptions } from "./function.ts";
