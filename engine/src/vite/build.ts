import { defu } from "defu";
import { resolve } from "pathe";
import type { Plugin, ResolvedConfig } from "vite";
import { build } from "../build/build.ts";
import type { EdgeplateConfig } from "../types/config.ts";
import type { EdgeplateViteOptions } from "./index.ts";

/** Name of the plugin through which `edgeplate build` hands its flags to a Vite build. */
export const OVERRIDES_PLUGIN = "edgeplate:overrides";

/**
 * `vite build`: once the client bundle is written, builds the server for the configured platform
 * with the client output as public assets (so hashed `/assets/*` files get immutable caching) and
 * the SPA fallback on when Vite's `appType` is `spa`.
 */
export function buildPlugin(options: EdgeplateViteOptions): Plugin {
  let config: ResolvedConfig;
  return {
    name: "edgeplate:build",
    apply: (_, env) => env.command === "build" && !env.isSsrBuild,
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle(error?: unknown) {
      // One server build per `vite build`, after the client; never after a failed client build.
      if (error || this.environment.name !== "client") return;
      const flags = config.plugins.find((p) => p.name === OVERRIDES_PLUGIN)?.api as BuildFlags | undefined;
      if (flags) flags.built = true;
      await build({ rootDir: resolve(config.root, options.rootDir ?? "."), overrides: serverOverrides(config, defu(flags?.overrides, options.config)) });
    },
  };
}

function serverOverrides(config: ResolvedConfig, overrides: EdgeplateConfig): EdgeplateConfig {
  const client = {
    dir: resolve(config.root, config.build.outDir),
    // A relative or absolute-URL `base` (CDN) still serves the files at the root of this server.
    baseURL: config.base.startsWith("/") ? config.base : "/",
  };
  return { ...overrides, spa: overrides.spa ?? config.appType === "spa", publicAssets: [...(overrides.publicAssets ?? []), client] };
}

/** What `edgeplate build` shares with {@link buildPlugin}: its flags, and whether the server was built. */
export interface BuildFlags {
  overrides: EdgeplateConfig;
  built: boolean;
}

/** A Vite plugin that only carries `edgeplate build`'s flags to {@link buildPlugin}. */
export function overridesPlugin(flags: BuildFlags): Plugin {
  return { name: OVERRIDES_PLUGIN, api: flags };
}
