import { connectors } from "db0";
import { basename } from "pathe";
import { builtinDrivers } from "unstorage";
import { createError, didYouMean } from "./errors.ts";

/** Derived from the libraries' own registries, so a driver they add is usable without a change here. */
const KINDS = {
  storage: { registry: builtinDrivers as Record<string, string>, noun: "storage driver" },
  database: { registry: connectors as Record<string, string>, noun: "database connector" },
} as const;

/**
 * Maps a driver/connector name from config (`redis`, `fs-lite`, `postgresql`, `libsql`, …) to its
 * module, with a one-line error naming the closest known name when it does not exist. `own`: the
 * platform's modules for some names (its preset's `storageDrivers`), which win.
 */
export function resolveDriverModule(kind: keyof typeof KINDS, name: string, own: Record<string, string> = {}): string {
  const { registry, noun } = KINDS[kind];
  if (Object.hasOwn(own, name)) return own[name]!;
  if (Object.hasOwn(registry, name)) return registry[name]!;
  const known = Object.keys(registry)
    .filter((n) => /^[a-z0-9-]+$/.test(n))
    .sort();
  throw createError(kind, `unknown ${noun} \`${name}\`.${didYouMean(name, known)} Known: ${known.join(", ")}.`);
}

/**
 * Names the driver or connector a module file of `pkg` implements (`` `redis` storage driver `` for
 * `unstorage/drivers/redis.mjs`), for "install X to use Y" errors; `undefined` for other files.
 */
export function describeDriverFile(pkg: string, file: string): string | undefined {
  const stem = `/${basename(file).replace(/\.[cm]?js$/, "")}`;
  for (const { registry, noun } of Object.values(KINDS)) {
    const name = Object.keys(registry).find((n) => /^[a-z0-9-]+$/.test(n) && registry[n]!.startsWith(`${pkg}/`) && registry[n]!.endsWith(stem));
    if (name) return `\`${name}\` ${noun}`;
  }
  return undefined;
}
