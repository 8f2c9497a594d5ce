import { envOptions, runtimeConfig as defaults } from "#edgeplate/app-config";
import { applyEnv, isPlainObject, useRuntimeEnv, type RuntimeEnv } from "./env.ts";

let resolved: { env: RuntimeEnv; config: Record<string, unknown> } | undefined;

/**
 * The app's `runtimeConfig`, with `EDGEPLATE_*` environment overrides applied
 * (`apiBase` → `EDGEPLATE_API_BASE`, `db.url` → `EDGEPLATE_DB_URL`). As in Nitro, `envPrefix`
 * (or `EDGEPLATE_ENV_PREFIX`) names a second prefix, which `EDGEPLATE_*` wins over, and
 * `experimental.envExpansion` (or `EDGEPLATE_ENV_EXPANSION=true`) replaces `{{VAR}}` in strings.
 * @example
 * const { apiBase } = useRuntimeConfig();
 */
export function useRuntimeConfig<T extends Record<string, unknown> = Record<string, any>>(): T {
  const env = useRuntimeEnv();
  if (resolved?.env !== env) resolved = { env, config: resolveRuntimeConfig(env) };
  return resolved.config as T;
}

function resolveRuntimeConfig(env: RuntimeEnv): Record<string, unknown> {
  const config = structuredClone(defaults);
  const altPrefix = (envOptions.prefix ?? env.EDGEPLATE_ENV_PREFIX)?.replace(/_+$/, "");
  if (altPrefix && altPrefix !== "EDGEPLATE") applyEnv(config, altPrefix);
  applyEnv(config, "EDGEPLATE");
  if (envOptions.expansion || env.EDGEPLATE_ENV_EXPANSION === "true") expandEnv(config, env);
  return config;
}

const ENV_REFERENCE = /\{\{([^{}]*)\}\}/g;

/** `"https://{{APP_DOMAIN}}/api"` → the variable's value; an unset variable leaves the reference as written (Nitro's rule). */
function expandEnv(target: Record<string, unknown>, env: RuntimeEnv): void {
  for (const [key, value] of Object.entries(target)) {
    if (typeof value === "string") target[key] = value.replace(ENV_REFERENCE, (match, name: string) => env[name.trim()] || match);
    else if (isPlainObject(value)) expandEnv(value, env);
  }
}
