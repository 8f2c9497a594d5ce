import { fileURLToPath } from "node:url";
import { getCloudflarePreset } from "@cloudflare/unenv-preset";
import type { Plugin } from "rollup";
import { defineEnv } from "unenv";

/** Pinned so a build never depends on the day it runs; workerd 1.20260426 supports it. */
export const COMPATIBILITY_DATE = "2026-04-01";
export const COMPATIBILITY_FLAGS = ["nodejs_compat"];

/**
 * Node built-ins for workerd, the way wrangler does it: what `nodejs_compat` implements stays a
 * `node:` import; the rest is aliased to unenv's polyfills and mocks (bundled).
 */
export function unenvPlugin(): Plugin {
  const { env } = defineEnv({ presets: [getCloudflarePreset({ compatibilityDate: COMPATIBILITY_DATE, compatibilityFlags: COMPATIBILITY_FLAGS })] });
  const native = new Set(env.external);
  const here = fileURLToPath(import.meta.url);
  const bare = (id: string) => id.replace(/^node:/, "");
  return {
    name: "edgeplate:cloudflare-unenv",
    resolveId: {
      // Before node-resolve, which would otherwise look for an npm package called `fs`.
      order: "pre",
      async handler(id) {
        const target = env.alias[id] ?? env.alias[`node:${id}`] ?? id;
        if (native.has(target) || native.has(`node:${bare(target)}`)) return { id: `node:${bare(target)}`, external: true };
        if (target === id && !id.startsWith("node:")) return null;
        if (target.startsWith("node:")) return { id: target, external: true };
        // unenv's polyfills are this package's dependency, not the app's.
        return this.resolve(target, here, { skipSelf: true });
      },
    },
  };
}
