import { createCacheRuleHandler } from "h3/rules";
import { buildHash } from "#edgeplate/build-hash";
import { defineCachedHandler, isUncacheableRequest } from "./handler.ts";

/**
 * The `cache` / `swr` route rules, on the same implementation and storage as
 * `defineCachedHandler`. A fixed `id` keeps keys stable across processes (h3 would otherwise
 * scope them per process), and the build hash invalidates entries when the app's code changes.
 */
export const cacheRule = createCacheRuleHandler({
  id: "edgeplate",
  shouldBypass: isUncacheableRequest,
  defineCachedHandler: (handler, opts) => defineCachedHandler(handler, { integrity: buildHash, ...opts }),
});
