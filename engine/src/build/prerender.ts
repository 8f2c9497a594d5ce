import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { dirname, join } from "pathe";
import type { PlatformPreset, ResolvedOptions } from "../types/config.ts";
import { bundle } from "./bundle.ts";
import { createError } from "./errors.ts";
import { logger, step } from "./logger.ts";
import { runtimeFile } from "./paths.ts";
import { scanPublic, writePublic, type PublicFile } from "./public.ts";
import { scanApp, type ScannedApp } from "./scan.ts";

interface PrerenderEntry {
  fetch: (request: Request) => Promise<Response>;
  setPublicAssetReader: (reader: (id: string) => Promise<Uint8Array>) => void;
  close: () => Promise<void>;
}

// Guards against a crawl that never ends (generated links, calendars).
const MAX_ROUTES = 2000;
const CONCURRENCY = 4;
const PRERENDER_PRESET: PlatformPreset = { name: "prerender", entry: runtimeFile("entries/prerender"), node: true, exportConditions: ["node", "import", "default"] };

/**
 * Renders `prerender.routes`, `prerender: true` route rules and (with `crawlLinks`) every local
 * `<a href>` they link to, and writes the responses into the public output. The app is bundled for
 * Node and called in-process, so any platform can prerender. Returns the public files it wrote.
 */
export async function prerender(options: ResolvedOptions, app: ScannedApp, publicFiles: PublicFile[]): Promise<PublicFile[]> {
  // Nitro's `prerender:routes`: a hook may add routes to (or remove them from) the set.
  const routeSet = new Set(initialRoutes(options));
  await options.hooks.callHook("prerender:routes", routeSet);
  const routes = [...routeSet];
  if (routes.length === 0) return [];
  const workDir = join(options.rootDir, ".edgeplate/prerender");
  await rm(workDir, { recursive: true, force: true });
  try {
    // The routes rescanned: `name.prerender.ts` ones exist only in this bundle.
    const prerenderApp: ScannedApp = { ...app, routes: (await scanApp(options.rootDir, { ...options, forPrerender: true })).routes };
    const entry = await step("Bundled the app for prerendering", () => bundlePrerender(options, prerenderApp, publicFiles, join(workDir, "server")));
    entry.setPublicAssetReader((id) => readFile(join(options.output.publicDir, id)));
    const existing = new Set(publicFiles.map((f) => f.path));
    const types = new Map<string, string>();
    const written = await step("Prerendered routes", () => renderAll(options, entry, routes, existing, workDir, types)).finally(() => entry.close());
    if (written === 0) return [];
    // Reuse the public pipeline: same metadata, same precompressed siblings as `public/`.
    // The files already sit at their URL paths (under `baseURL`): not prefixed a second time.
    const files = await scanPublic({ ...options, rootDir: workDir, publicAssets: [], baseURL: "/" });
    // The route said what it sent; a name such as `/api/data` says nothing, so the file is served with the route's type.
    for (const file of files) file.meta.type = types.get(file.path) || file.meta.type;
    return writePublic(files, options.output.publicDir, options.compressPublicAssets);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function initialRoutes(options: ResolvedOptions): string[] {
  const fromRules = Object.entries(options.routeRules)
    .filter(([pattern, rule]) => rule.prerender && !pattern.includes("*") && !pattern.includes(":"))
    .map(([pattern]) => pattern.replace(/^[A-Z]+ /, ""));
  return [...new Set([...options.prerender.routes, ...fromRules])];
}

async function bundlePrerender(options: ResolvedOptions, app: ScannedApp, publicFiles: PublicFile[], outDir: string): Promise<PrerenderEntry> {
  // The host's storage, database and bundler defaults (KV bindings, unenv) do not exist in Node: only the user's own.
  const prerenderOptions: ResolvedOptions = {
    ...options,
    dev: false,
    preset: { ...PRERENDER_PRESET, serveStatic: true },
    storage: options.config.storage ?? {},
    database: options.config.database ?? {},
    rollupPlugins: options.config.rollupPlugins ?? [],
    output: { ...options.output, serverDir: outDir, entryName: "index.mjs" },
  };
  await bundle({ options: prerenderOptions, ctx: () => ({ options: prerenderOptions, app, publicFiles }), entry: PRERENDER_PRESET.entry, outDir });
  return (await import(`${pathToFileURL(join(outDir, "index.mjs")).href}?t=${Date.now()}`)) as PrerenderEntry;
}

async function renderAll(options: ResolvedOptions, entry: PrerenderEntry, initial: string[], existing: Set<string>, outDir: string, types: Map<string, string>): Promise<number> {
  const explicit = new Set(initial);
  const seen = new Set(initial);
  const queue = [...initial];
  let written = 0;
  while (queue.length > 0) {
    const batch = queue.splice(0, CONCURRENCY);
    // Settle the whole batch before failing, so no write is still running when the work dir goes.
    const results = await Promise.allSettled(
      batch.map(async (route) => {
        const res = await entry.fetch(new Request(new URL(route, "http://localhost"), { headers: { "x-edgeplate-prerender": "1" } }));
        if (!res.ok) {
          // Asked for by name: a broken page must not ship silently. Found by crawling: just say so.
          if (explicit.has(route))
            throw createError(
              "prerender",
              `\`${route}\` answered ${res.status} ${res.statusText}. Fix the route or remove it from \`prerender.routes\` / the \`prerender: true\` rule.`,
            );
          logger.warn(`[prerender] skipped \`${route}\`: ${res.status}`);
          return;
        }
        const type = res.headers.get("content-type") ?? "";
        const body = new Uint8Array(await res.arrayBuffer());
        const file = fileFor(route, type);
        // Files of public/ (like `/` → index.html) are already in the output; only crawl them.
        if (!existing.has(file)) {
          await mkdir(dirname(join(outDir, "public", file)), { recursive: true });
          await writeFile(join(outDir, "public", file), body);
          if (type) types.set(file, type);
          written++;
        }
        if (!options.prerender.crawlLinks || !type.includes("html")) return;
        for (const link of extractLinks(new TextDecoder().decode(body), route)) {
          if (seen.has(link) || seen.size >= MAX_ROUTES) continue;
          seen.add(link);
          queue.push(link);
        }
      }),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }
  logger.info(`${written} prerendered files from ${seen.size} routes`);
  return written;
}

/** HTML pages become `route/index.html` (served at `route` by every static host); the rest keeps its path. */
export function fileFor(route: string, contentType: string): string {
  const path = decodeURIComponent(route.split("?")[0]!);
  if (contentType.includes("html") && !path.endsWith(".html")) return join(path, "index.html");
  return path.endsWith("/") ? `${path}index` : path;
}

/** Same-origin `<a href>` targets of a page, without query or hash; files other than HTML/JSON are left alone. */
export function extractLinks(html: string, from: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/<a\s[^>]*?href\s*=\s*["']([^"']+)["']/gi)) {
    const href = match[1]!.trim();
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href) || href.startsWith("#")) continue;
    const url = new URL(href, new URL(from, "http://localhost"));
    const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
    if (ext && !["html", "json"].includes(ext.toLowerCase())) continue;
    links.add(url.pathname);
  }
  return [...links];
}
