import { runtimeConfig as defaults } from "#edgeplate/app-config";

type Env = Record<string, string | undefined>;

let env: Env = (globalThis as { process?: { env: Env } }).process?.env ?? {};
let resolved: Record<string, unknown> | undefined;

/**
 * The app's `runtimeConfig`, with `EDGEPLATE_*` environment overrides applied
 * (`apiBase` → `EDGEPLATE_API_BASE`, `db.url` → `EDGEPLATE_DB_URL`).
 * @example
 * const { apiBase } = useRuntimeConfig();
 */
export function useRuntimeConfig<T extends Record<string, unknown> = Record<string, any>>(): T {
  return (resolved ??= applyEnv(structuredClone(defaults), ["EDGEPLATE"])) as T;
}

/**
 * Hosts without `process.env` (Cloudflare) hand their env bindings over here. Their vars may be
 * JSON numbers and booleans: those count in their string form, as if set in a real environment.
 * Other bindings (KV, D1, objects) are no config values.
 */
export function setRuntimeEnv(values: Record<string, unknown>): void {
  env = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") env[name] = String(value);
  }
  resolved = undefined;
}

function applyEnv(target: Record<string, unknown>, path: string[]): Record<string, unknown> {
  for (const [key, value] of Object.entries(target)) {
    const keyPath = [...path, toSnake(key)];
    const raw = env[keyPath.join("_")];
    if (raw !== undefined) target[key] = parseValue(raw, value);
    else if (value && typeof value === "object" && !Array.isArray(value)) applyEnv(value as Record<string, unknown>, keyPath);
  }
  return target;
}

function toSnake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^a-zA-Z0-9]+/g, "_")
    .toUpperCase();
}

/** Strings stay strings; numbers, booleans and JSON objects are parsed when the default is not a string. */
function parseValue(raw: string, fallback: unknown): unknown {
  if (typeof fallback === "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
