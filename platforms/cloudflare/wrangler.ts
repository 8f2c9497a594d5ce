import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { glob } from "tinyglobby";
import { scheduleOf, writeHeadersAndRedirects, type PlatformBuildContext, type ResolvedOptions } from "edgeplate/build";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "./unenv.ts";
import { withUserConfig } from "./user-config.ts";
import { workerFirstPaths } from "./worker-first.ts";

export interface WranglerConfig {
  name: string;
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  no_bundle: true;
  find_additional_modules: true;
  rules: { type: "ESModule" | "CompiledWasm"; globs: string[]; fallthrough: false }[];
  assets: { directory: string; binding: string; html_handling: "drop-trailing-slash"; run_worker_first?: boolean | string[] };
  kv_namespaces?: { binding: string; id?: string }[];
  r2_buckets?: { binding: string; bucket_name: string }[];
  d1_databases?: { binding: string; database_name: string; database_id?: string }[];
  vars?: Record<string, string>;
  triggers?: { crons: string[] };
}

// Workers assets read at most this many `_headers` rules.
const MAX_HEADER_RULES = 100;

/**
 * Writes `.output/server/wrangler.json` from the app's storage and database config (and its own
 * `wrangler.json`, see user-config.ts), plus the
 * redirect file wrangler looks for, so `wrangler deploy` in the app folder needs no flags.
 * The assets router answers public files without the worker: `_headers` and `_redirects` carry
 * the route rules and cache headers the worker would have sent.
 */
export async function writeWranglerConfig(ctx: PlatformBuildContext): Promise<void> {
  const { options } = ctx;
  const { serverDir, publicDir, entryName } = options.output;
  const runWorkerFirst = await workerFirstPaths(ctx);
  const bundle = await readBundle(serverDir);
  const config: WranglerConfig = {
    name: workerName(options.rootDir),
    main: entryName,
    compatibility_date: COMPATIBILITY_DATE,
    ...(bundleHas(bundle, NODE_IMPORT) && { compatibility_flags: COMPATIBILITY_FLAGS }),
    // The output is already bundled: upload the chunks as they are.
    no_bundle: true,
    find_additional_modules: true,
    // `.wasm` imports of the bundle are modules workerd compiles at upload (it compiles none at run time).
    // `fallthrough: false`: wrangler's default rules of the same types are meant to go unused
    // (without it, every wrangler read of the config warns that they are ignored).
    rules: [
      { type: "ESModule", globs: ["**/*.mjs"], fallthrough: false },
      { type: "CompiledWasm", globs: ["**/*.wasm"], fallthrough: false },
    ],
    // Prerendered `/about/index.html` answers at `/about`, as the app's own routes do.
    assets: {
      directory: relative(serverDir, publicDir),
      binding: "ASSETS",
      html_handling: "drop-trailing-slash",
      ...(runWorkerFirst && { run_worker_first: runWorkerFirst }),
    },
    ...bindings(options, bindingDriversIn(bundle)),
    // `scheduledTasks`: each cron fires the worker's `scheduled` handler with its pattern.
    ...(scheduleOf(options).length > 0 && { triggers: { crons: scheduleOf(options).map(([cron]) => cron) } }),
  };
  await writeFile(join(serverDir, "wrangler.json"), `${JSON.stringify(withUserConfig(config, options.rootDir, options.config.cloudflare?.wrangler), null, 2)}\n`);
  const redirectDir = join(options.rootDir, ".wrangler/deploy");
  await mkdir(redirectDir, { recursive: true });
  await writeFile(join(redirectDir, "config.json"), `${JSON.stringify({ configPath: relative(redirectDir, join(serverDir, "wrangler.json")) })}\n`);
  await writeHeadersAndRedirects(ctx, { maxHeaderRules: MAX_HEADER_RULES });
}

/**
 * KV, R2 and D1 bindings for every storage mount and database that uses one, when the bundle holds
 * its driver (an app that never calls `useStorage()` or caches, or never calls `useDatabase()`,
 * has none): each declared binding is one more store Miniflare and wrangler set up before the
 * first request.
 */
function bindings(options: ResolvedOptions, bundled: Set<string>): Partial<WranglerConfig> {
  const kv: NonNullable<WranglerConfig["kv_namespaces"]> = [];
  const r2: NonNullable<WranglerConfig["r2_buckets"]> = [];
  const d1: NonNullable<WranglerConfig["d1_databases"]> = [];
  const name = workerName(options.rootDir);
  for (const mount of Object.values(options.storage)) {
    const binding = typeof mount.binding === "string" ? mount.binding : undefined;
    if (!bundled.has(mount.driver)) continue;
    if (mount.driver === "cloudflare-kv-binding" && binding && !kv.some((k) => k.binding === binding)) {
      kv.push({ binding, ...(typeof mount.namespaceId === "string" && { id: mount.namespaceId }) });
    }
    if (mount.driver === "cloudflare-r2-binding" && binding && !r2.some((b) => b.binding === binding)) {
      r2.push({ binding, bucket_name: typeof mount.bucketName === "string" ? mount.bucketName : `${name}-${binding.toLowerCase()}` });
    }
  }
  for (const db of Object.values(options.database)) {
    const opts = db.options ?? {};
    if (db.connector !== "cloudflare-d1" || !bundled.has(db.connector) || typeof opts.bindingName !== "string") continue;
    d1.push({
      binding: opts.bindingName,
      database_name: typeof opts.databaseName === "string" ? opts.databaseName : `${name}-${opts.bindingName.toLowerCase()}`,
      ...(typeof opts.databaseId === "string" && { database_id: opts.databaseId }),
    });
  }
  return { ...(kv.length && { kv_namespaces: kv }), ...(r2.length && { r2_buckets: r2 }), ...(d1.length && { d1_databases: d1 }) };
}

/** An import of a Node built-in: `nodejs_compat` only then, it adds startup cost otherwise. */
const NODE_IMPORT = /\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\bimport\s*["']node:/;
/** The binding drivers (unstorage's, db0's), as they name themselves: the names survive minification. */
const BINDING_DRIVERS = ["cloudflare-kv-binding", "cloudflare-r2-binding", "cloudflare-d1"];

function bindingDriversIn(bundle: string[]): Set<string> {
  return new Set(BINDING_DRIVERS.filter((driver) => bundleHas(bundle, new RegExp(`["']${driver}["']`))));
}

/** The bundle's chunks, read once for every check above. */
async function readBundle(serverDir: string): Promise<string[]> {
  return Promise.all((await glob("**/*.mjs", { cwd: serverDir, absolute: true })).map((file) => readFile(file, "utf8")));
}

function bundleHas(bundle: string[], pattern: RegExp): boolean {
  return bundle.some((source) => pattern.test(source));
}

/** Worker names allow lower-case letters, digits and dashes: from package.json, else the folder. */
function workerName(rootDir: string): string {
  const pkgFile = join(rootDir, "package.json");
  const pkgName = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, "utf8")) as { name?: string }).name : undefined;
  const raw = (pkgName ?? basename(rootDir)).replace(/^@[^/]+\//, "");
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63) || "edgeplate-app"
  );
}
