import { runtimeConfig as defaults } from "#edgeplate/app-config";
import { applyEnv, useRuntimeEnv, type RuntimeEnv } from "./env.ts";

let resolved: { env: RuntimeEnv; config: Record<string, unknown> } | undefined;

/**
 * The app's `runtimeConfig`, with `EDGEPLATE_*` environment overrides applied
 * (`apiBase` → `EDGEPLATE_API_BASE`, `db.url` → `EDGEPLATE_DB_URL`).
 * @example
 * const { apiBase } = useRuntimeConfig();
 */
export function useRuntimeConfig<T extends Record<string, unknown> = Record<string, any>>(): T {
  const env = useRuntimeEnv();
  if (resolved?.env !== env) resolved = { env, config: applyEnv(structuredClone(defaults), "EDGEPLATE") };
  return resolved.config as T;
}
