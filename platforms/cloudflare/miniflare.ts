import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { globSync } from "tinyglobby";
import type { Miniflare, MiniflareOptions } from "miniflare";
import type { WranglerConfig } from "./wrangler.ts";

export interface MiniflareInput {
  /** The folder holding `index.mjs` and `wrangler.json`. */
  serverDir: string;
  /** Keeps KV and D1 data in this folder across instances. */
  persistDir?: string;
  /** Worker env vars (`EDGEPLATE_*` runtime config overrides). */
  vars?: Record<string, string>;
  port?: number;
  /** Receives workerd's stdout and stderr (the worker's `console`); default: this process's. */
  handleRuntimeStdio?: MiniflareOptions["handleRuntimeStdio"];
}

/** Runs a built worker in workerd with the bindings its generated `wrangler.json` declares. */
export function createMiniflare(input: MiniflareInput): Miniflare {
  // Required on first use: miniflare is large, and only previews and tests start a worker.
  const { Miniflare } = createRequire(import.meta.url)("miniflare") as typeof import("miniflare");
  return new Miniflare(miniflareOptions(input));
}

export function miniflareOptions({ serverDir, persistDir, vars, port, handleRuntimeStdio }: MiniflareInput): MiniflareOptions {
  const config = JSON.parse(readFileSync(join(serverDir, "wrangler.json"), "utf8")) as WranglerConfig;
  const found = globSync(["**/*.mjs", "**/*.wasm"], { cwd: serverDir });
  const modules = [config.main, ...found.filter((path) => path !== config.main)];
  return {
    ...(port !== undefined && { port, host: "127.0.0.1" }),
    ...(handleRuntimeStdio && { handleRuntimeStdio }),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    // The entry first: miniflare treats the first module as the main one.
    modules: modules.map((path) => ({ type: path.endsWith(".wasm") ? ("CompiledWasm" as const) : ("ESModule" as const), path: join(serverDir, path) })),
    modulesRoot: serverDir,
    assets: {
      directory: resolve(serverDir, config.assets.directory),
      binding: config.assets.binding,
      routerConfig: routerConfig(config.assets.run_worker_first),
      assetConfig: { html_handling: config.assets.html_handling },
    },
    kvNamespaces: Object.fromEntries((config.kv_namespaces ?? []).map((k) => [k.binding, k.id ?? k.binding])),
    r2Buckets: Object.fromEntries((config.r2_buckets ?? []).map((b) => [b.binding, b.bucket_name])),
    d1Databases: Object.fromEntries((config.d1_databases ?? []).map((d) => [d.binding, d.database_id ?? d.database_name])),
    // The config's own vars first; the caller's (runtime config overrides) win.
    bindings: { ...config.vars, ...vars },
    ...(persistDir && { kvPersist: join(persistDir, "kv"), d1Persist: join(persistDir, "d1"), r2Persist: join(persistDir, "r2") }),
  };
}

/**
 * The assets router's config, as wrangler derives it: `has_user_worker` falls through to the worker
 * for non-asset paths; `run_worker_first` sends all paths (`true`) or the listed ones to it first,
 * `!/path` rules back to the assets.
 */
function routerConfig(runWorkerFirst: boolean | string[] | undefined) {
  if (!Array.isArray(runWorkerFirst)) return { has_user_worker: true, invoke_user_worker_ahead_of_assets: runWorkerFirst === true };
  const negated = runWorkerFirst.filter((r) => r.startsWith("!/"));
  return {
    has_user_worker: true,
    static_routing: { user_worker: runWorkerFirst.filter((r) => r.startsWith("/")), asset_worker: negated.map((r) => r.slice(1)) },
  };
}
