import type { Plugin } from "vite";
import type { EdgeplateConfig } from "../types/config.ts";
import { buildPlugin } from "./build.ts";
import { configPlugin } from "./config.ts";
import { devPlugin } from "./dev.ts";

export interface EdgeplateViteOptions {
  /** The app folder holding `routes/`, `api/` and `edgeplate.config.ts`, relative to Vite's `root` (default: the root). */
  rootDir?: string;
  /** Config that wins over `edgeplate.config.ts`, the way CLI flags do. */
  config?: EdgeplateConfig;
}

/**
 * Adds the Edgeplate server to a Vite app. `vite dev` answers the app's routes (and every `/api/**`
 * path) from the same port as the SPA; `vite build` builds the client, then the server, into one
 * `.output/` for the configured platform, with the client served as public assets.
 * @example
 * // vite.config.ts
 * import { defineConfig } from "vite";
 * import { edgeplate } from "edgeplate/vite";
 * export default defineConfig({ plugins: [edgeplate()] });
 */
export function edgeplate(options: EdgeplateViteOptions = {}): Plugin[] {
  return [configPlugin(), devPlugin(options), buildPlugin(options)];
}

export default edgeplate;

/** Nitro's name for the plugin, kept: `import { nitro } from "nitro/vite"` moves by renaming the module only. */
export { edgeplate as nitro };
