import { toEnvSegment } from "./env-name.ts";

export type RuntimeEnv = Record<string, string | undefined>;

let env: RuntimeEnv = (globalThis as { process?: { env: RuntimeEnv } }).process?.env ?? {};

/**
 * The host's environment: `process.env` (Node, Bun, Deno, Netlify, Vercel), or what the platform
 * entry handed to `setRuntimeEnv` (Cloudflare's vars and secrets). A new object after each
 * `setRuntimeEnv`, so what is derived from it can be cached per object.
 */
export function useRuntimeEnv(): RuntimeEnv {
  return env;
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
}

/**
 * Overrides each key of `target` (in place, nested objects key by key) with the variable
 * `<prefix>_<KEY_PATH>` when it is set.
 */
export function applyEnv(target: Record<string, unknown>, prefix: string): Record<string, unknown> {
  for (const [key, value] of Object.entries(target)) {
    const name = `${prefix}_${toEnvSegment(key)}`;
    const raw = env[name];
    if (raw !== undefined) target[key] = parseValue(raw, value);
    else if (isPlainObject(value)) applyEnv(value, name);
  }
  return target;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
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
