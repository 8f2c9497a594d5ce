import { resolveDataPath } from "../internal/data-path.ts";
import { toEnvName, toEnvSegment } from "./env-name.ts";
import { applyEnv, isPlainObject, useRuntimeEnv } from "./env.ts";

export interface EnvOptionsTarget {
  kind: "storage" | "database";
  /** The mount point or database name. */
  name: string;
  /** Every name of the same kind: `EDGEPLATE_STORAGE_MY_CACHE_URL` is mount `my-cache`'s, not mount `my`'s `cacheUrl`. */
  siblings: string[];
}

/**
 * A storage mount's or database's options as the driver gets them, read when it is created (not
 * when the bundle loads, so Cloudflare's env is there): the config's options, overridden by
 * `EDGEPLATE_<STORAGE|DATABASE>_<NAME>_<OPTION>` variables, plus the options only the environment
 * sets (as strings). Secrets never pass through the build this way.
 * @example
 * resolveEnvOptions({ url: "" }, { kind: "database", name: "default", siblings: ["default"] })
 * // { url: process.env.EDGEPLATE_DATABASE_DEFAULT_URL }
 */
export function resolveEnvOptions(options: Record<string, unknown>, target: EnvOptionsTarget): Record<string, unknown> {
  const prefix = toEnvName([target.kind, target.name]);
  const resolved = applyEnv(options, prefix);
  for (const [key, value] of envOnlyOptions(resolved, prefix, target)) resolved[key] = value;
  return finishStrings(resolved, [], target);
}

/** Variables under `prefix` that name no option the config has, as camelCase top-level options. */
function envOnlyOptions(options: Record<string, unknown>, prefix: string, { name, siblings }: EnvOptionsTarget): [string, string][] {
  const own = toEnvSegment(name);
  // Tails that belong to a sibling whose name extends this one (`MY` → `MY_CACHE` leaves `CACHE_`).
  const taken = siblings.map(toEnvSegment).flatMap((other) => (other.startsWith(`${own}_`) ? [`${other.slice(own.length + 1)}_`] : []));
  const configured = Object.entries(options).map(([key, value]) => ({ segment: toEnvSegment(key), nested: isPlainObject(value) }));
  const found: [string, string][] = [];
  for (const [envName, value] of Object.entries(useRuntimeEnv())) {
    if (value === undefined || !envName.startsWith(`${prefix}_`)) continue;
    const tail = envName.slice(prefix.length + 1);
    if (!tail || taken.some((t) => tail.startsWith(t))) continue;
    // applyEnv has read these already.
    if (configured.some(({ segment, nested }) => tail === segment || (nested && tail.startsWith(`${segment}_`)))) continue;
    found.push([toOptionKey(tail), value]);
  }
  return found;
}

/** `CONNECTION_STRING` → `connectionString`: the option a variable supplies. */
function toOptionKey(tail: string): string {
  return tail.toLowerCase().replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * `.data/…` paths follow `EDGEPLATE_DATA_DIR`; an option left `""` (in the config, as runtime
 * config keys are declared, or in the environment) is one the environment must set.
 */
function finishStrings(options: Record<string, unknown>, path: string[], target: EnvOptionsTarget): Record<string, unknown> {
  for (const [key, value] of Object.entries(options)) {
    const at = [...path, key];
    if (value === "") throw missingOption(at, target);
    if (typeof value === "string" && value.startsWith(".data/")) options[key] = resolveDataPath(value);
    else if (isPlainObject(value)) finishStrings(value, at, target);
  }
  return options;
}

function missingOption(path: string[], { kind, name }: EnvOptionsTarget): Error {
  const what = kind === "storage" ? `storage mount \`${name}\`` : `database \`${name}\``;
  return new Error(
    `[edgeplate] [${kind}] ${what} has no \`${path.join(".")}\`. Set \`${toEnvName([kind, name, ...path])}\` where the server runs (or give the option a value in edgeplate.config.ts).`,
  );
}
