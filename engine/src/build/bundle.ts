import { builtinModules } from "node:module";
import { rollup, type OutputChunk, type RollupCache, type RollupOutput } from "rollup";
import commonjs from "@rollup/plugin-commonjs";
import json from "@rollup/plugin-json";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import esbuild, { minify as esbuildMinify } from "rollup-plugin-esbuild";
import type { ResolvedOptions } from "../types/config.ts";
import { buildHashPlugin } from "./build-hash.ts";
import { createError, EdgeplateError } from "./errors.ts";
import { packageName } from "./resolve.ts";
import { resolveDependencies } from "./resolve-dependencies.ts";
import { virtualModules, type VirtualContext } from "./virtual/index.ts";
import { configVirtualModules } from "./virtual/config-virtual.ts";
import { loaderPlugins, unresolvedImportMessage } from "./plugins/index.ts";
import { nativeFetchPlugin } from "./native-fetch.ts";
import { runtimeCommentsPlugin } from "./runtime-comments.ts";
import { hookContext, type RollupBuildConfig } from "./hooks.ts";

export interface BundleInput {
  options: ResolvedOptions;
  ctx: () => VirtualContext;
  /** Entry module (the platform's runtime entry, or the dev entry). */
  entry: string;
  outDir: string;
  cache?: RollupCache;
  /** Hash every chunk name: dev re-imports changed chunks under new URLs. */
  hashNames?: boolean;
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export interface BundleResult {
  output: RollupOutput;
  cache?: RollupCache;
  /** Every file the build read, dependencies included: dev watches the app's own. */
  watchFiles: string[];
  /** Each external `traceDeps` import → the file it resolved to, where tracing starts. */
  traced: Map<string, string>;
}

export async function bundle(input: BundleInput): Promise<BundleResult> {
  const { options } = input;
  const preset = options.preset;
  // Traced packages (native addons) stay out of the bundle too: resolveDependencies marks them
  // external once it knows where they resolved, and build.ts copies them next to the bundle.
  const external = preset.external ?? [];
  const traced = new Map<string, string>();
  const names = input.hashNames ? "[name]-[hash].mjs" : "[name].mjs";
  const config: RollupBuildConfig = {
    input: { index: input.entry },
    // Keep the runtime in the entry chunk instead of a facade, so `import.meta.url` stays `server/`.
    preserveEntrySignatures: "allow-extension",
    cache: input.cache,
    // ofetch's `createFetch` only builds a function: a `$fetch` nobody imports (every route imports
    // the `edgeplate` entry that exports one) then leaves ofetch, ufo and destr out of the bundle.
    treeshake: { manualPureFunctions: ["createFetch"] },
    // Hosts without Node (`node: false`) resolve built-ins through their own plugins (e.g. unenv aliases).
    external: (id) =>
      (preset.node !== false && (NODE_BUILTINS.has(id) || id.startsWith("node:"))) ||
      external.some((e) => (typeof e === "string" ? id === e || id.startsWith(`${e}/`) : e.test(id))),
    plugins: [
      ...loaderPlugins(options),
      virtualModules(input.ctx),
      configVirtualModules(options.virtual),
      buildHashPlugin(),
      nativeFetchPlugin(),
      resolveDependencies(options, traced),
      nodeResolve({
        exportConditions: preset.exportConditions ?? ["node", "import", "default"],
        preferBuiltins: preset.node !== false,
        extensions: [".mjs", ".js", ".ts", ".mts", ".tsx", ".json"],
      }),
      commonjs({ ignoreDynamicRequires: true }),
      json(),
      esbuild({ include: /\.(?:[cm]?tsx?|jsx)$/, exclude: [], target: "es2022", jsx: "automatic", sourceMap: options.sourcemap }),
      // Minifying drops them anyway; dev bundles stay as fast to build as they can.
      !options.minify && !options.dev && runtimeCommentsPlugin(options.sourcemap),
      options.minify && esbuildMinify({ target: "es2022" }),
      ...options.rollupPlugins,
    ],
    onwarn(warning, warn) {
      if (warning.code === "UNRESOLVED_IMPORT") {
        throw createError("bundle", unresolvedImportMessage(warning.exporter ?? "", warning.id, packageName(warning.exporter ?? ""), options.alias));
      }
      if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED" || warning.code === "EVAL") return;
      warn(warning);
    },
    output: {
      dir: input.outDir,
      format: "esm",
      entryFileNames: options.output.entryName,
      chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes("/routes/") || id.includes("/api/")) ? `chunks/routes/${names}` : `chunks/${names}`),
      sourcemap: options.sourcemap,
      generatedCode: { constBindings: true },
      hoistTransitiveImports: false,
    },
  };
  // Nitro's `rollup:before`: the app's hooks may change the options (and `output`) of every bundle.
  await options.hooks.callHook("rollup:before", hookContext(options), config);
  const { output: outputOptions, ...rollupOptions } = config;
  const bundler = await rollup(rollupOptions).catch(withoutRollupPrefix);
  const output = await bundler.write(outputOptions);
  const watchFiles = bundler.watchFiles;
  await bundler.close();
  return { output, cache: bundler.cache, watchFiles, traced };
}

/** Rollup prefixes errors thrown in plugin hooks ("Could not load …: "); ours are already one clear line. */
function withoutRollupPrefix(error: unknown): never {
  if (error instanceof EdgeplateError) error.message = error.message.slice(error.message.indexOf("[edgeplate]"));
  throw error;
}

export function chunksOf(output: RollupOutput): OutputChunk[] {
  return output.output.filter((o): o is OutputChunk => o.type === "chunk");
}
