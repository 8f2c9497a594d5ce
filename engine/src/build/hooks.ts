import { createHooks, type Hookable } from "hookable";
import type { OutputOptions, RollupOptions } from "rollup";
import type { EdgeplateConfig, ResolvedOptions } from "../types/config.ts";
import { createError } from "./errors.ts";
import { logger } from "./logger.ts";

/** What build hooks receive where Nitro passes its `nitro` instance: the resolved options and these hooks. */
export interface BuildHookContext {
  options: ResolvedOptions;
  hooks: Hookable<BuildHooks>;
  logger: typeof logger;
}

/** Rollup's options for one bundle, `output` included: a `rollup:before` hook may change both. */
export type RollupBuildConfig = RollupOptions & { output: OutputOptions };

type HookResult = void | Promise<void>;

/**
 * Nitro v3's build hooks (`NitroHooks`) that have a point in Edgeplate's build to run at, named and
 * called as Nitro does: `build:before` and `rollup:before` before each bundle, `compiled` after it,
 * `dev:start` / `dev:reload` / `dev:error` around each dev build, `close` when the build or the dev
 * server ends, `prerender:routes` with the routes about to be prerendered.
 */
export interface BuildHooks {
  "build:before": (ctx: BuildHookContext) => HookResult;
  "rollup:before": (ctx: BuildHookContext, config: RollupBuildConfig) => HookResult;
  compiled: (ctx: BuildHookContext) => HookResult;
  "dev:start": () => HookResult;
  "dev:reload": () => HookResult;
  "dev:error": (cause?: unknown) => HookResult;
  "prerender:routes": (routes: Set<string>) => HookResult;
  close: () => HookResult;
}

export const BUILD_HOOK_NAMES = ["build:before", "rollup:before", "compiled", "dev:start", "dev:reload", "dev:error", "prerender:routes", "close"] as const;

/**
 * The config's `hooks` (flat, `{ "build:before": fn }`, or nested as hookable allows, `{ build: { before: fn } }`)
 * as one hookable instance; a name Edgeplate never calls fails here instead of being silently never run.
 */
export function createBuildHooks(config: EdgeplateConfig["hooks"], where: string): Hookable<BuildHooks> {
  const hooks = createHooks<BuildHooks>();
  if (config === undefined) return hooks;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw createError("config", `\`hooks\`${where} must be an object of hook name → function (\`{ "build:before": (ctx) => {} }\`), got \`${JSON.stringify(config)}\`.`);
  }
  for (const [name, fns] of flatten(config as Record<string, unknown>)) {
    if (!(BUILD_HOOK_NAMES as readonly string[]).includes(name)) {
      throw createError("config", `unknown build hook \`${name}\`${where}. Known hooks: ${BUILD_HOOK_NAMES.join(", ")}.`);
    }
    if (!fns.every((f) => typeof f === "function")) {
      throw createError("config", `build hook \`${name}\`${where} must be a function (or a list of functions).`);
    }
    for (const f of fns) hooks.hook(name as keyof BuildHooks, f as BuildHooks[keyof BuildHooks]);
  }
  return hooks;
}

/**
 * `{ build: { before: fn } }` → `build:before`, as hookable's `flatHooks`, which silently drops a
 * value that is not a function: here a list of functions is one hook's, anything else is reported.
 */
function flatten(config: Record<string, unknown>, prefix = ""): [string, unknown[]][] {
  return Object.entries(config).flatMap(([key, value]): [string, unknown[]][] => {
    const name = prefix ? `${prefix}:${key}` : key;
    if (Array.isArray(value)) return [[name, value]];
    if (typeof value === "object" && value !== null) return flatten(value as Record<string, unknown>, name);
    return [[name, [value]]];
  });
}

export function hookContext(options: ResolvedOptions): BuildHookContext {
  return { options, hooks: options.hooks, logger };
}

/**
 * Runs a hook whose failure must not stop what called it (dev's watcher events, as Nitro calls them
 * without awaiting): the error is logged in one line.
 */
export function callHookSafely<N extends keyof BuildHooks>(options: ResolvedOptions | undefined, name: N, ...args: Parameters<BuildHooks[N]>): void {
  if (!options) return;
  void Promise.resolve()
    .then(() => options.hooks.callHook(name, ...args))
    .catch((error: Error) => logger.error(`build hook \`${name}\` failed: ${error?.message ?? String(error)}`));
}
