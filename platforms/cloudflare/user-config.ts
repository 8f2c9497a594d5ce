import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createError } from "edgeplate/build";
import type { WranglerConfig } from "./wrangler.ts";

type Binding = { binding: string };
type Config = WranglerConfig & Record<string, unknown>;

const BINDING_LISTS = ["kv_namespaces", "r2_buckets", "d1_databases"] as const;

/**
 * A `wrangler.json` in the app folder adds what Edgeplate cannot know (routes, vars, cron triggers,
 * existing KV/D1 ids) to the generated config, as does the config's `cloudflare.wrangler` (Nitro's
 * key; the file wins over it). Their bindings replace generated ones of the same name; the entry,
 * the module rules and the assets folder stay Edgeplate's, since they describe the output.
 */
export function withUserConfig(generated: WranglerConfig, rootDir: string, fromConfig?: Record<string, unknown>): Config {
  const withConfig = fromConfig ? merge(generated, fromConfig as Partial<Config>) : { ...generated };
  const file = join(rootDir, "wrangler.json");
  if (!existsSync(file)) return withConfig;
  let user: Partial<Config>;
  try {
    user = JSON.parse(readFileSync(file, "utf8")) as Partial<Config>;
  } catch (error) {
    throw createError("cloudflare", `could not read \`${file}\`: ${(error as Error).message}. Fix the JSON (comments are not supported) and build again.`);
  }
  return merge(withConfig, user);
}

function merge(generated: WranglerConfig, user: Partial<Config>): Config {
  const merged: Config = { ...generated, ...user, main: generated.main, no_bundle: true, find_additional_modules: true, rules: generated.rules };
  merged.assets = { ...generated.assets, ...(user.assets as object), directory: generated.assets.directory };
  const flags = [...(generated.compatibility_flags ?? []), ...(user.compatibility_flags ?? [])];
  if (flags.length) merged.compatibility_flags = [...new Set(flags)];
  for (const key of BINDING_LISTS) {
    const mine = (user[key] ?? []) as Binding[];
    const list = [...((generated[key] ?? []) as Binding[]).filter((b) => !mine.some((m) => m.binding === b.binding)), ...mine];
    if (list.length) (merged as Record<string, unknown>)[key] = list;
  }
  return merged;
}
