import { cp, rm } from "node:fs/promises";
import { defu } from "defu";
import { isAbsolute, join, relative, resolve } from "pathe";
import type { Plugin, ResolvedConfig } from "vite";
import { loadOptions } from "../build/options.ts";
import type { EdgeplateConfig, ResolvedOptions } from "../types/config.ts";
import { CLIENT_OUT_DIR } from "./config.ts";
import type { EdgeplateViteOptions } from "./index.ts";

/** Name of the plugin through which `edgeplate build` hands its flags to a Vite build. */
export const OVERRIDES_PLUGIN = "edgeplate:overrides";

type PublicAssets = ResolvedOptions["publicAssets"];

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
      const overrides: EdgeplateConfig = defu(flags?.overrides, options.config);
      const server = await loadOptions({
        rootDir: resolve(config.root, options.rootDir ?? "."),
        // The SPA lives at Vite's `base`: its shell is `<base>index.html`, deep links are under it.
        overrides: { ...overrides, spa: overrides.spa ?? (config.appType === "spa" && clientBase(config)) },
      });
      // Loaded for `vite build` only: `vite dev` loads this plugin too.
      const { build } = await import("../build/build.ts");
      await build({ ...server, publicAssets: [...server.publicAssets, ...(await clientAssets(config, server))] });
    },
  };
}

/**
 * The client as public assets at Vite's `base`, as `vite preview` serves it: the build output and
 * Vite's public dir, unless `copyPublicDir` put it in the output (off by default, see config.ts).
 */
async function clientAssets(config: ResolvedConfig, server: ResolvedOptions): Promise<PublicAssets> {
  const baseURL = clientBase(config);
  const dir = await outsideOutputs(resolve(config.root, config.build.outDir), server);
  const assets: PublicAssets = [{ dir, baseURL, maxAge: 0 }];
  // `publicDir: false` resolves to "". The app's `public/` at `/` is in every build already.
  const { publicDir } = config;
  if (publicDir && !config.build.copyPublicDir && !(publicDir === join(server.rootDir, "public") && baseURL === "/")) {
    assets.push({ dir: publicDir, baseURL, maxAge: 0 });
  }
  return assets;
}

/** Where this server serves the client: Vite's `base`, except a relative or full-URL one (a CDN), which still serves it at `/`. */
function clientBase(config: ResolvedConfig): string {
  return config.base.startsWith("/") ? config.base : "/";
}

/**
 * The client output folder, or a copy of it when it lies in a folder the server build empties
 * first (`outDir: "dist"` is Netlify's public dir): the copy is where the client would have been
 * built without an `outDir`.
 */
async function outsideOutputs(dir: string, server: ResolvedOptions): Promise<string> {
  const { dir: outputDir, serverDir, publicDir } = server.output;
  if (![outputDir, serverDir, publicDir].some((out) => isWithin(dir, out) || isWithin(out, dir))) return dir;
  const copy = join(server.rootDir, CLIENT_OUT_DIR);
  await rm(copy, { recursive: true, force: true });
  await cp(dir, copy, { recursive: true });
  return copy;
}

function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== ".." && !rel.startsWith("../") && !isAbsolute(rel);
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
