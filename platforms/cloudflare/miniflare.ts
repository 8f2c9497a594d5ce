import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { globSync } from "tinyglobby";
import type { Miniflare, MiniflareOptions } from "miniflare";
import { createError } from "edgeplate/build";

export interface MiniflareInput {
  /** The folder holding `index.mjs` and `wrangler.json`. */
  serverDir: string;
  /** Keeps KV, D1 and R2 data in this folder across instances. */
  persistDir?: string;
  /** Worker env vars (`EDGEPLATE_*` runtime config overrides). */
  vars?: Record<string, string>;
  port?: number;
  /** Receives workerd's stdout and stderr (the worker's `console`); default: this process's. */
  handleRuntimeStdio?: MiniflareOptions["handleRuntimeStdio"];
}

// Required on first use: both are large, and only previews and tests start a worker.
const load = <T>(name: string) => createRequire(import.meta.url)(name) as T;

/**
 * Runs a built worker in workerd with the bindings its generated `wrangler.json` declares.
 * @example
 * const mf = createMiniflare({ serverDir: ".output/server", persistDir: ".data/cloudflare" });
 * const res = await mf.dispatchFetch("https://example.com/api/hello");
 */
export function createMiniflare(input: MiniflareInput): Miniflare {
  const { Miniflare } = load<typeof import("miniflare")>("miniflare");
  return new Miniflare(miniflareOptions(input));
}

/**
 * Miniflare's options for `serverDir/wrangler.json`, read the way `wrangler dev` reads it (wrangler's
 * own config reader and its bindings, assets router and module rules), plus the modules that
 * `find_additional_modules` uploads and where the data persists.
 */
export function miniflareOptions({ serverDir, persistDir, vars, port, handleRuntimeStdio }: MiniflareInput): MiniflareOptions {
  const configPath = join(serverDir, "wrangler.json");
  const { unstable_readConfig, unstable_getMiniflareWorkerOptions } = load<typeof import("wrangler")>("wrangler");
  let worker: ReturnType<typeof unstable_getMiniflareWorkerOptions>;
  try {
    worker = unstable_getMiniflareWorkerOptions(unstable_readConfig({ config: configPath }, { hideWarnings: true }));
  } catch (error) {
    // wrangler's messages span lines (the reason, then the path): one line here.
    const reason = (error as Error).message.replace(/\s*\n\s*/g, " ").replace(/[.:]?$/, ".");
    throw createError("cloudflare", `wrangler cannot read \`${configPath}\`: ${reason} Fix it (or the app's wrangler.json) and build again.`);
  }
  const { modulesRules = [], bindings, ...workerOptions } = worker.workerOptions;
  if (!worker.main) throw createError("cloudflare", `\`${configPath}\` has no \`main\`. Build again with \`--platform cloudflare\`.`);
  return {
    ...workerOptions,
    ...(port !== undefined && { port, host: "127.0.0.1" }),
    ...(handleRuntimeStdio && { handleRuntimeStdio }),
    ...additionalModules(worker.main, modulesRules),
    // The config's own vars first; the caller's (runtime config overrides) win.
    bindings: { ...bindings, ...vars },
    ...(persistDir && { kvPersist: join(persistDir, "kv"), d1Persist: join(persistDir, "d1"), r2Persist: join(persistDir, "r2") }),
  } as MiniflareOptions;
}

type ModuleRule = NonNullable<ReturnType<typeof import("wrangler").unstable_getMiniflareWorkerOptions>["workerOptions"]["modulesRules"]>[number];

/**
 * What `find_additional_modules` uploads: every file below the entry's folder that a module rule
 * matches, typed by the first rule that does (the entry first: miniflare runs the first module).
 */
function additionalModules(main: string, rules: ModuleRule[]) {
  const modulesRoot = dirname(main);
  const typed = new Map<string, ModuleRule["type"]>();
  for (const rule of rules) {
    for (const path of globSync(rule.include, { cwd: modulesRoot, absolute: true })) if (!typed.has(path)) typed.set(path, rule.type);
  }
  const entry = { type: typed.get(main) ?? ("ESModule" as const), path: main };
  return { modulesRoot, modules: [entry, ...[...typed].filter(([path]) => path !== main).map(([path, type]) => ({ type, path }))] };
}
