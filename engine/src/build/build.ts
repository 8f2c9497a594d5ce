import { rm, mkdir, writeFile, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, relative } from "pathe";
import type { ResolvedOptions } from "../types/config.ts";
import { bundle, chunksOf } from "./bundle.ts";
import { warnOfBundledSecrets } from "./bundled-secrets.ts";
import { formatBytes, formatMs, logger, step } from "./logger.ts";
import { loadOptions, type LoadOptionsInput } from "./options.ts";
import { scanPublic, typesNotInNames, writePublic, type PublicFile } from "./public.ts";
import { prerender } from "./prerender.ts";
import { scanApp } from "./scan.ts";
import { checkHostFeatures } from "./host-features.ts";
import { writeRouteTypes } from "./types/index.ts";
import { traceDependencies } from "./trace.ts";
import { hookContext } from "./hooks.ts";

export interface BuildResult {
  options: ResolvedOptions;
  publicFiles: PublicFile[];
  /** Bytes of the server entry plus every chunk it imports statically (raw and gzip). */
  entrySize: { raw: number; gzip: number };
}

/** Scans the app, bundles it for its platform, copies public files and writes the host's config. */
export async function build(input: LoadOptionsInput | ResolvedOptions = {}): Promise<BuildResult> {
  const start = performance.now();
  const options = "preset" in input ? input : await loadOptions(input);
  logger.start(`Building \`${relative(process.cwd(), options.rootDir) || "."}\` for \`${options.preset.name}\``);
  warnOfBundledSecrets(options);
  const app = await step("Scanned the app", () => scanApp(options.rootDir, options));
  logger.info(`${app.routes.length} routes, ${app.middleware.length} middleware, ${app.plugins.length} plugins`);
  await checkHostFeatures(options, app);
  // `.edgeplate/types/` for `$fetch`: a build is also when CI type-checks the app.
  await writeRouteTypes(options, app);
  if (app.serverEntry) logger.info(`\`${relative(options.rootDir, app.serverEntry.file)}\` answers what no route matches (server entry)`);
  await options.hooks.callHook("build:before", hookContext(options));
  await rm(options.output.dir, { recursive: true, force: true });
  await rm(options.output.serverDir, { recursive: true, force: true });
  // Hosts whose public dir lives outside the output (Netlify's `dist/`) must not keep stale files.
  await rm(options.output.publicDir, { recursive: true, force: true });
  const scanned = await scanPublic(options);
  const publicFiles = await step(`Copied ${scanned.length} public files to ${rel(options, options.output.publicDir)}`, async () => {
    await mkdir(options.output.publicDir, { recursive: true });
    return writePublic(scanned, options.output.publicDir, options.compressPublicAssets);
  });
  // Before the server bundle, so its public-asset manifest lists the prerendered files too.
  publicFiles.push(...(await prerender(options, app, publicFiles)));
  const { output, traced: resolved } = await step(`Bundled server into ${rel(options, options.output.serverDir)}`, () =>
    bundle({ options, ctx: () => ({ options, app, publicFiles }), entry: options.preset.entry, outDir: options.output.serverDir }),
  );
  await options.hooks.callHook("compiled", hookContext(options));
  // Only after every file is copied and the entry checked: a failed copy fails the build instead.
  const traced = await traceDependencies(options, output, resolved);
  if (traced.length > 0) logger.success(`Copied ${traced.join(", ")} into ${rel(options, join(options.output.serverDir, "node_modules"))}`);
  const chunks = chunksOf(output);
  const entrySize = await measureEntry(options, chunks);
  // Before the host's config step, which may move or drop the server (static output has none).
  const serverSize = await measureFiles(
    options,
    chunks.map((c) => c.fileName),
  );
  await writeManifest(options);
  if (options.preset.writeConfig) {
    await step(`Wrote ${options.preset.name} config`, () =>
      options.preset.writeConfig!({ options, publicFiles: publicFiles.map((f) => f.path), contentTypes: typesNotInNames(publicFiles) }),
    );
  }
  const publicBytes = publicFiles.reduce((sum, f) => sum + f.meta.size, 0);
  logger.success(`Server entry: ${formatBytes(entrySize.raw)} (${formatBytes(entrySize.gzip)} gzip), ${chunks.length} chunks`);
  logger.success(
    `Output: server ${formatBytes(serverSize.raw)} (${formatBytes(serverSize.gzip)} gzip) in ${chunks.length} files, public ${formatBytes(publicBytes)} in ${publicFiles.length} files`,
  );
  // Nitro closes its instance once a build is written: the app's `close` hooks run last.
  await options.hooks.callHook("close");
  logger.success(`Built in ${formatMs(performance.now() - start).slice(1, -1)}. Preview with \`${options.preset.commands?.preview ?? "edgeplate preview"}\``);
  return { options, publicFiles, entrySize };
}

async function measureEntry(options: ResolvedOptions, chunks: ReturnType<typeof chunksOf>): Promise<{ raw: number; gzip: number }> {
  const entry = chunks.find((c) => c.isEntry);
  const emitted = new Set(chunks.map((c) => c.fileName));
  const files = new Set([entry?.fileName, ...(entry?.imports ?? [])].filter((f): f is string => !!f && emitted.has(f)));
  return measureFiles(options, files);
}

/** Raw and gzip bytes of files in the server output. */
async function measureFiles(options: ResolvedOptions, files: Iterable<string>): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(join(options.output.serverDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

async function writeManifest(options: ResolvedOptions): Promise<void> {
  const manifest = {
    platform: options.preset.name,
    entry: rel(options, join(options.output.serverDir, options.output.entryName)),
    publicDir: rel(options, options.output.publicDir),
    commands: options.preset.commands ?? {},
    builtAt: new Date().toISOString(),
  };
  await mkdir(options.output.dir, { recursive: true });
  await writeFile(join(options.output.dir, "edgeplate.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

function rel(options: ResolvedOptions, path: string): string {
  return relative(options.rootDir, path);
}
